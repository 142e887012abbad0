// `expect.order` and `expect.streams`: the sequence of dispatches and the streams opened, compared
// with what the engine's telemetry says happened. Pure.
import type { DispatchOrderEntry, OrderExpect, StreamsExpect } from '../scenario/types.js'
import type { Observations } from './observations.js'

type Fail = (path: string, wanted: string, got: string) => void
type Dispatch = Observations['dispatches'][number]

const MAX_SHOWN = 12

function describeDispatch(d: Dispatch | DispatchOrderEntry): string {
  const chain = 'chainId' in d ? d.chainId : d.chain
  return `${d.module} ${d.event === 'block' ? 'block' : 'log'} ${d.number}${chain !== undefined ? `@${chain}` : ''}`
}

function describeList(xs: readonly string[]): string {
  if (xs.length === 0) return '[]'
  const shown = xs.length > MAX_SHOWN ? [...xs.slice(0, MAX_SHOWN), `… ${xs.length - MAX_SHOWN} more`] : xs
  return `[${shown.join(', ')}]`
}

export function checkOrder(want: OrderExpect, dispatches: readonly Dispatch[], fail: Fail): void {
  if (want.kind === 'run') {
    const same =
      want.dispatches.length === dispatches.length &&
      want.dispatches.every((w, i) => {
        const d = dispatches[i]
        return (
          d !== undefined &&
          d.module === w.module &&
          d.event === w.event &&
          d.number === w.number &&
          (w.chain === undefined || w.chain === d.chainId)
        )
      })
    if (!same)
      fail('order', describeList(want.dispatches.map(describeDispatch)), describeList(dispatches.map(describeDispatch)))
    return
  }
  for (const block of want.blocks) {
    const got = dispatches
      .filter(
        (d) =>
          d.event === 'block' && d.number === block.number && (block.chain === undefined || block.chain === d.chainId),
      )
      .map((d) => d.module)
    if (got.length !== block.modules.length || got.some((m, i) => m !== block.modules[i]))
      fail(`order.blocks.${block.key}`, describeList(block.modules), describeList(got))
  }
}

export function checkStreams(
  want: ReadonlyMap<number, StreamsExpect>,
  opened: Observations['streamsOpened'],
  fail: Fail,
): void {
  for (const [chainId, w] of want) {
    const onChain = opened.filter((s) => s.chainId === chainId)
    const blocks = onChain.filter((s) => s.stream === 'blocks').length
    const logOwners = onChain.filter((s) => s.stream === 'logs').map((s) => s.module ?? '?')
    if (w.blocks && !(blocks >= w.blocks.min && blocks <= w.blocks.max))
      fail(`streams.${chainId}.blocks`, w.blocks.text, String(blocks))
    if (Array.isArray(w.logs)) {
      if (w.logs.length !== logOwners.length || w.logs.some((m, i) => m !== logOwners[i]))
        fail(`streams.${chainId}.logs`, describeList(w.logs), describeList(logOwners))
    } else if (w.logs && !(logOwners.length >= w.logs.min && logOwners.length <= w.logs.max))
      fail(`streams.${chainId}.logs`, w.logs.text, `${logOwners.length} (${describeList(logOwners)})`)
  }
  // The map says which chains have streams: one it leaves out must have none.
  for (const chainId of new Set(opened.map((s) => s.chainId)))
    if (!want.has(chainId))
      fail(
        `streams.${chainId}`,
        'no stream (the chain is not listed)',
        describeList(
          opened
            .filter((s) => s.chainId === chainId)
            .map((s) => (s.stream === 'blocks' ? 'blocks' : `logs/${s.module}`)),
        ),
      )
}
