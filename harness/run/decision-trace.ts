// The decision trace: what the engine decided, without how the world carried it. Of every trace
// event it keeps the dispatches (module, event kind, chain, block number, outcome) and the
// modules' decisions, and nothing of time, hashes, requests or error texts, which differ
// between a fixture node and a real one. Fixture and Anvil runs of a dual-mode scenario must
// give the same decision trace (decision 0161).

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
