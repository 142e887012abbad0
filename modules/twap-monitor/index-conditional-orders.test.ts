import { describe, it, expect } from 'vitest'
import type { Hex, Log } from '../sdk/index.js'
import { COMPOSABLE_COW, bytesToHex, conditionalOrderId, decodeConditionalOrderParams } from '../sdk/index.js'
import { MockHost, encodeConditionalOrderCreated } from '../sdk/testing/index.js'
import { indexConditionalOrders } from './index-conditional-orders.js'
import { OTHER_SAFE, PARAMS, SAFE, SEPOLIA } from './test-fixtures.js'

const createdLog = (owner: Hex, params = PARAMS): Log => ({
  chainId: SEPOLIA,
  address: COMPOSABLE_COW.toLowerCase() as Hex,
  blockNumber: 7_000_000,
  transactionHash: `0x${'77'.repeat(32)}`,
  logIndex: 3,
  ...encodeConditionalOrderCreated({ owner, params }),
})
const KEY = `watch:${SAFE}:${conditionalOrderId(PARAMS)}`

describe('indexConditionalOrders', () => {
  it('stores the watch under watch:<owner>:<params_hash> with the ABI-encoded params', async () => {
    const host = new MockHost({ moduleName: 'twap-monitor' })
    await indexConditionalOrders(host, [createdLog(SAFE)])
    expect(host.localStore.snapshot().map(([k]) => k)).toEqual([KEY])
    expect(decodeConditionalOrderParams(bytesToHex((await host.localStore.get(KEY))!))).toEqual(PARAMS)
    expect(host.logging.lines).toEqual([{ level: 'info', message: `indexed ${KEY}` }])
  })

  it('is idempotent: a redelivered log leaves the same single watch', async () => {
    const host = new MockHost()
    await indexConditionalOrders(host, [createdLog(SAFE)])
    const first = host.localStore.snapshot()
    await indexConditionalOrders(host, [createdLog(SAFE)])
    expect(host.localStore.snapshot()).toEqual(first)
    expect(host.logging.messages()).toEqual([`indexed ${KEY}`, `indexed ${KEY}`])
  })

  it('keys two owners of the same params apart', async () => {
    const host = new MockHost()
    await indexConditionalOrders(host, [createdLog(SAFE), createdLog(OTHER_SAFE)])
    expect(host.localStore.snapshot().map(([k]) => k)).toEqual(
      [KEY, `watch:${OTHER_SAFE}:${conditionalOrderId(PARAMS)}`].sort(),
    )
  })

  it('ignores other events and undecodable bodies silently', async () => {
    const host = new MockHost()
    const log = createdLog(SAFE)
    await indexConditionalOrders(host, [
      { ...log, topics: [`0x${'00'.repeat(32)}`, ...log.topics.slice(1)] },
      { ...log, data: '0x1234' },
      { ...log, topics: [] },
    ])
    expect(host.localStore.size).toBe(0)
    expect(host.logging.lines).toEqual([])
  })
})
