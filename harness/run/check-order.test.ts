import { describe, expect, it } from 'vitest'
import type { StreamsExpect } from '../scenario/types.js'
import { checkOrder, checkStreams } from './check-order.js'

const d = (module: string, number: number, event: 'block' | 'logs' = 'block', chainId = 1) => ({
  module,
  event,
  chainId,
  number,
})
const count = (n: number) => ({ min: n, max: n, text: String(n) })

function failures(run: (fail: (p: string, w: string, g: string) => void) => void): string[] {
  const out: string[] = []
  run((p, w, g) => out.push(`${p}: wanted ${w}, got ${g}`))
  return out
}

describe('checkOrder', () => {
  const run = [d('a', 5), d('b', 5), d('a', 4, 'logs')]
  it('the whole run: exact sequence, chain optional', () => {
    const want = [
      { module: 'a', event: 'block' as const, number: 5 },
      { module: 'b', event: 'block' as const, number: 5, chain: 1 },
      { module: 'a', event: 'logs' as const, number: 4 },
    ]
    expect(failures((f) => checkOrder({ kind: 'run', dispatches: want }, run, f))).toEqual([])
    expect(failures((f) => checkOrder({ kind: 'run', dispatches: [want[2]!, want[0]!, want[1]!] }, run, f))).toEqual([
      'order: wanted [a log 4, a block 5, b block 5@1], got [a block 5@1, b block 5@1, a log 4@1]',
    ])
  })
  it('per block: the modules it reached, in order; [] for none', () => {
    const blocks = (number: number, modules: string[], chain?: number) => ({
      number,
      chain,
      key: String(number),
      modules,
    })
    expect(
      failures((f) => checkOrder({ kind: 'blocks', blocks: [blocks(5, ['a', 'b']), blocks(6, [])] }, run, f)),
    ).toEqual([])
    expect(
      failures((f) => checkOrder({ kind: 'blocks', blocks: [blocks(5, ['b', 'a']), blocks(5, [], 2)] }, run, f)),
    ).toEqual(['order.blocks.5: wanted [b, a], got [a, b]'])
  })
})

describe('checkStreams', () => {
  const opened = [
    { stream: 'blocks' as const, chainId: 1 },
    { stream: 'logs' as const, chainId: 1, module: 'w' },
    { stream: 'blocks' as const, chainId: 2 },
  ]
  it('counts and owners per chain; a chain left out must have none', () => {
    const want = new Map<number, StreamsExpect>([
      [1, { blocks: count(1), logs: ['w'] }],
      [2, { blocks: count(1), logs: count(0) }],
    ])
    expect(failures((f) => checkStreams(want, opened, f))).toEqual([])
    expect(failures((f) => checkStreams(new Map([[1, { blocks: count(2), logs: ['x'] }]]), opened, f))).toEqual([
      'streams.1.blocks: wanted 2, got 1',
      'streams.1.logs: wanted [x], got [w]',
      'streams.2: wanted no stream (the chain is not listed), got [blocks]',
    ])
  })
})
