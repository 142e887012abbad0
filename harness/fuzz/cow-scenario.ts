// The scenario parts of a case's TWAPs and EthFlow placements (docs/scenarios.md): the world's
// ComposableCoW poll rules, the orderbook's lookup answers, the logs' data, and the expectations
// the model's twap-monitor and ethflow-watcher state machines give (watch keys and observed
// markers in the store, eth_call counts, the lines each decision class logs).
import type { Hex } from 'viem'
import {
  ETHFLOW,
  placementLog,
  placementSender,
  placementUid,
  pollBlock,
  pollEpoch,
  trancheOrder,
  trancheSignature,
  twapLog,
  twapOwner,
} from './model/cow-payloads.js'
import type { EthflowClass } from './model/ethflow-model.js'
import type { FuzzCase, LogPayload, LookupAnswer, TwapOrder, TwapPoll } from './model/fuzz-case.js'
import type { Prediction } from './model/predict.js'
import { COMPOSABLE_COW } from '../world/events/conditional-order-created.js'

/** The log's data for a payload. */
export function payloadData(c: FuzzCase, p: LogPayload): Hex {
  return p.kind === 'twap'
    ? twapLog(c.twaps?.[p.index] as TwapOrder, p.index).data
    : placementLog(c.placements?.[p.index] as NonNullable<FuzzCase['placements']>[number], p.index).data
}

function pollRule(t: TwapOrder, index: number, poll: TwapPoll): Record<string, unknown> {
  const base = { owner: twapOwner(t), times: 1 }
  switch (poll.outcome) {
    case 'ready': {
      const o = trancheOrder(t, index, poll)
      return {
        outcome: 'ready',
        ...base,
        times: poll.times,
        signature: trancheSignature(index),
        order: { ...o, sellAmount: o.sellAmount.toString(), buyAmount: o.buyAmount.toString() },
      }
    }
    case 'try-at-block':
      return { outcome: 'try-at-block', ...base, block: pollBlock(poll), reason: 'next part' }
    case 'try-at-epoch':
      return { outcome: 'try-at-epoch', ...base, epoch: pollEpoch(poll), reason: 'next part' }
    case 'order-not-valid':
      return { outcome: 'order-not-valid', ...base, reason: 'invalid twap' }
    case 'never':
      return { outcome: 'never', ...base, reason: 'twap finished' }
    case 'try-next-block':
      return { outcome: 'try-next-block', ...base, reason: 'not yet' }
  }
}

/** ComposableCoW on every chain of a case with TWAPs: each TWAP's answers, then try-next-block. */
export function composableCowDecl(c: FuzzCase): Record<string, unknown> {
  const twaps = c.twaps ?? []
  if (twaps.length === 0) return {}
  const polls = [
    ...twaps.flatMap((t, i) => t.polls.map((poll) => pollRule(t, i, poll))),
    { outcome: 'try-next-block', reason: 'nothing to do' },
  ]
  return { [COMPOSABLE_COW]: { kind: 'composable-cow', polls } }
}

function lookupRespond(answer: LookupAnswer, uid: Hex): Record<string, unknown> {
  switch (answer) {
    case 'found':
      return { status: 200, body: { uid, owner: ETHFLOW.toLowerCase(), status: 'open' } }
    case 'wrong-uid':
      return { status: 200, body: { uid: `0x${'0'.repeat(112)}`, owner: ETHFLOW.toLowerCase(), status: 'open' } }
    case 'server-error':
      return { status: 502, text: '<html>502 Bad Gateway</html>' }
    case 'never':
      return { delay: 'never' }
  }
}

/** The orderbook's answers to each valid placement's lookup on every chain, each used once. */
export function lookupRules(c: FuzzCase): Record<string, unknown>[] {
  return (c.placements ?? []).flatMap((p, i) =>
    p.valid
      ? c.chains.flatMap((chain) => {
          const uid = placementUid(p, i, chain)
          return p.lookups.map((answer) => ({
            match: { method: 'GET', path: `/api/v1/orders/${uid}` },
            respond: lookupRespond(answer, uid),
            times: 1,
          }))
        })
      : [],
  )
}

type LogMatch = { module: string; level?: string; contains: string }

const ETHFLOW_LINES: Record<Exclude<EthflowClass, 'skipped'>, (uid: string) => string> = {
  observed: (uid) => `ethflow observed ${uid}`,
  'not-indexed': (uid) => `ethflow ${uid} not yet indexed by the orderbook`,
  'lookup-failed': (uid) => `ethflow lookup failed for ${uid}`,
  'already-observed': (uid) => `ethflow ${uid} already observed; skipping`,
}

/** `calls`, `store`, `logs` and `no_logs` for the case's twap-monitor and ethflow-watcher modules. */
export function cowExpectations(c: FuzzCase, p: Prediction): Record<string, unknown> {
  const calls: Record<string, Record<string, number>> = {}
  const store: Record<string, Record<string, string>> = {}
  const logs: LogMatch[] = []
  const noLogs: LogMatch[] = []
  const line = (met: boolean, m: LogMatch) => (met ? logs : noLogs).push(m)
  const owners = new Set((c.twaps ?? []).filter((t) => t.params === 'app-data').map(twapOwner))
  for (const [module, t] of p.twapMonitors) {
    calls[module] = { eth_call: t.polls }
    const keys: Record<string, string> = {}
    for (const key of [...t.indexed].sort()) {
      keys[key] = t.hasWatch(key) ? 'present' : 'absent'
      line(t.droppedByContract.has(key), { module, level: 'info', contains: `dropped watch ${key}` })
    }
    if (Object.keys(keys).length) store[module] = keys
    for (const owner of owners)
      line(t.skippedOwners.has(owner), { module, level: 'warn', contains: `twap submit skipped for ${owner}` })
  }
  for (const [module, e] of p.ethflowWatchers) {
    const keys: Record<string, string> = {}
    for (const [uid, met] of [...e.seen].sort(([a], [b]) => (a < b ? -1 : 1))) {
      keys[`observed:${uid}`] = e.isObserved(uid) ? 'present' : 'absent'
      for (const [cls, text] of Object.entries(ETHFLOW_LINES))
        line(met.has(cls as EthflowClass), {
          module,
          level: cls === 'lookup-failed' ? 'warn' : 'info',
          contains: text(uid),
        })
    }
    if (Object.keys(keys).length) store[module] = keys
    ;(c.placements ?? []).forEach((pl, i) => {
      if (pl.valid || !pl.decodes) return
      const sender = placementSender(i)
      line(e.skippedSenders.has(sender), {
        module,
        level: 'warn',
        contains: `ethflow submit skipped (sender=${sender})`,
      })
    })
  }
  const out: Record<string, unknown> = {}
  if (Object.keys(calls).length) out.calls = calls
  if (Object.keys(store).length) out.store = store
  if (logs.length) out.logs = logs
  if (noLogs.length) out.no_logs = noLogs
  return out
}
