// The decision trace: what the engine decided, without how the world carried it. Of every trace
// event it keeps the dispatches (module, event kind, chain, block number, outcome) and the
// modules' decisions, and nothing of time, hashes, requests or error texts, which differ
// between a fixture node and a real one. Fixture and Anvil runs of a dual-mode scenario must
// give the same decision trace (decision 0161).
import { canonicalJson } from './canonical-json.js'
import { member, opt } from './trace-line.js'

/** The event's decision-trace record, or undefined when it is not part of the decision trace. */
export function decisionRecord(event: Record<string, unknown>): Record<string, unknown> | undefined {
  if (event.type === 'dispatch')
    return {
      type: 'dispatch',
      module: event.module,
      event: event.event,
      chainId: event.chainId,
      number: event.number,
      outcome: event.outcome,
    }
  if (event.type === 'decision') return { type: 'decision', module: event.module, decision: event.decision }
  return undefined
}

/**
 * The canonical text of the event's decision-trace record, or undefined. A dispatch (three a
 * block on a day) is written by hand, keys in sorted order: the same text as `canonicalJson`.
 */
export function decisionLine(event: Record<string, unknown>): string | undefined {
  if (event.type === 'dispatch') {
    const body = `${opt('chainId', member(event.chainId))}${opt('event', member(event.event))}${opt('module', member(event.module))}${opt('number', member(event.number))}${opt('outcome', member(event.outcome))},"type":"dispatch"`
    return `{${body.slice(1)}}`
  }
  const record = decisionRecord(event)
  return record && canonicalJson(record)
}
