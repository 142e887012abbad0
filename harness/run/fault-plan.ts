// What goes wrong in the world, kept apart from what the script does. A scenario's steps say
// *when* things happen (a block, a log, a drop, a signal); the fault plan says *how the world
// answers* meanwhile: canned JSON-RPC errors, delays and silences per chain, and the orderbook's
// rules. A world builder applies the plan; the step player never reads it. A scenario file's
// plan is the faults it declares; a fuzzer draws one from a seed and hands it to the same world
// builder, so generated faults need no change to the player (decision 0111).
import type { OrderbookBehaviour, RpcRule, Scenario } from '../scenario/types.js'

export interface FaultPlan {
  /** The seed the plan was drawn from (a scenario's own plan: the run's seed); replaying with it rebuilds the plan. */
  seed: number
  /** Canned JSON-RPC answers per chain id, first match wins (`chain.<id>.rpc`). */
  rpc: ReadonlyMap<number, readonly RpcRule[]>
  /** How the orderbook answers: its default and its rules (`orderbook:`). */
  orderbook: OrderbookBehaviour
}

/** The faults a scenario file declares; the seed draws nothing from them, it only travels along. */
export function scenarioFaultPlan(scenario: Scenario, seed: number): FaultPlan {
  const rpc = new Map<number, readonly RpcRule[]>()
  for (const [chainId, state] of scenario.chain) if (state.rpc.length) rpc.set(chainId, state.rpc)
  return { seed, rpc, orderbook: scenario.orderbook }
}
