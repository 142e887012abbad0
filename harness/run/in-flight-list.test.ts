import { describe, expect, it } from 'vitest'
import { InFlightList } from './in-flight-list.js'

describe('InFlightList', () => {
  it('lists requests in flight oldest first, without the answered ones', () => {
    const list = new InFlightList()
    const a = list.add('twap', 'eth_call')
    const b = list.add('stop-loss', 'eth_getLogs')
    const c = list.add('twap', 'eth_blockNumber')
    list.remove(b)
    expect(list.calls()).toEqual([
      { module: 'twap', method: 'eth_call' },
      { module: 'twap', method: 'eth_blockNumber' },
    ])
    list.remove(a)
    list.remove(c)
    expect(list.calls()).toEqual([])
    list.add('x', 'eth_chainId')
    expect(list.calls()).toEqual([{ module: 'x', method: 'eth_chainId' }])
  })

  it('ignores a second removal of the same request', () => {
    const list = new InFlightList()
    const a = list.add('m', 'a')
    list.add('m', 'b')
    list.remove(a)
    list.remove(a)
    expect(list.calls()).toEqual([{ module: 'm', method: 'b' }])
  })
})
