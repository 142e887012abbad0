// A generated case, as plain data: the engine configuration and the event script the fuzzer
// drew. It becomes a v1 scenario (to-scenario.ts); the reference model reads it directly.

/** Fixture modules whose behaviour the model knows (docs/scenarios.md, "Fixture modules"). */
export const MODULE_KINDS = ['probe', 'panic', 'flaky', 'host-error'] as const
export type ModuleKind = (typeof MODULE_KINDS)[number]

export const CHAIN_IDS = [1, 100, 11155111] as const
export type ChainId = (typeof CHAIN_IDS)[number]

export const ADDRESSES = [
  '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512',
] as const
export const TOPICS = [
  '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
  '0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925',
] as const

export type Subscription =
  | { kind: 'block'; chain: ChainId }
  | { kind: 'log'; chain: ChainId; address?: string | undefined; topic0?: string | undefined }

export interface CaseModule {
  kind: ModuleKind
  /** Unique within the case. */
  name: string
  subscriptions: Subscription[]
}

export type StreamKind = 'blocks' | 'logs'
export interface StreamSelector {
  stream: StreamKind
  chain?: ChainId | undefined
  module?: string | undefined
}

/** Events that may also appear inside a burst. */
export type BurstEvent =
  | { type: 'block'; chain: ChainId }
  | { type: 'log'; chain: ChainId; address: string; topics: readonly string[] }
  | { type: 'signal'; signal: 'SIGTERM' | 'SIGINT' }

export type CaseStep =
  | BurstEvent
  | { type: 'drop'; target: StreamSelector }
  | { type: 'error'; target: StreamSelector }
  | { type: 'advance'; seconds: number }
  | { type: 'restart' }
  | { type: 'burst'; events: BurstEvent[] }

export interface FuzzCase {
  /** Declared in `engine.chains`: every chain a subscription names, plus perhaps some nobody uses. */
  chains: ChainId[]
  modules: CaseModule[]
  steps: CaseStep[]
}
