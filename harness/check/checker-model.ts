// What the trace checker knows besides the trace: the modules in `[[modules]]` order with their
// subscriptions, and what each scripted log or drop step carried. Plain data, built once per
// scenario (build-checker-model.ts), so a fuzzer can hand the checker any trace it produced.
import type { PolicyModel } from '../orderbook/policy-model.js'

export interface LogFilterModel {
  chainId: number
  /** Lower case; absent = any address. */
  address?: string | undefined
  /** Lower case; absent = any topic 0. */
  topic0?: string | undefined
}

export interface ModuleModel {
  name: string
  /** Chains the module has a block subscription on. */
  blockChains: readonly number[]
  logFilters: readonly LogFilterModel[]
}

export interface EmittedLogModel {
  chainId: number
  /** Lower case. */
  address: string
  /** Lower case. */
  topics: readonly string[]
  /** Absent: the head of the chain when it was emitted (a step without `block:`); any number matches. */
  blockNumber?: number | undefined
}

export interface DropModel {
  stream: 'blocks' | 'logs'
  /** Absent: every chain. */
  chain?: number | undefined
  /** Absent: every module (log streams only). */
  module?: string | undefined
}

export interface CheckerModel {
  /** `[[modules]]` order; empty when the engine configuration did not load. */
  modules: readonly ModuleModel[]
  /**
   * Scripted logs and drops by the `at` of their trace `step` line (`steps[3]`,
   * `steps[4].burst[1]`); cassette logs by `cassette:<chain>:<block>:<index>`.
   */
  logs: ReadonlyMap<string, EmittedLogModel>
  drops: ReadonlyMap<string, DropModel>
  /**
   * The orderbook policy the engine runs with, as the judge reads it (docs/policies.md); absent
   * when the file does not load (the engine then refuses boot, and no POST happens).
   */
  policy?: PolicyModel | undefined
}

export function cassetteLogKey(chainId: number, blockNumber: number, logIndex: number): string {
  return `cassette:${chainId}:${blockNumber}:${logIndex}`
}

/** A node's routing rule, the harness's own: address and topic 0 must match when the filter sets them. */
export function filterMatches(filter: LogFilterModel, log: EmittedLogModel): boolean {
  return (
    filter.chainId === log.chainId &&
    (filter.address === undefined || filter.address === log.address) &&
    (filter.topic0 === undefined || filter.topic0 === log.topics[0])
  )
}
