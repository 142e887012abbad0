// A generated case, as plain data: the engine configuration and the event script the fuzzer
// drew. It becomes a v1 scenario (to-scenario.ts); the reference model reads it directly.

/** Fixture modules whose behaviour the model knows (docs/scenarios.md, "Fixture modules"). */
export const FIXTURE_KINDS = ['probe', 'panic', 'flaky', 'host-error'] as const
/** The shipped modules of modules/ (docs/design.md §8), with configs drawn within their schemas. */
export const REAL_KINDS = ['stop-loss', 'price-alert', 'balance-tracker', 'twap-monitor', 'ethflow-watcher'] as const
export const MODULE_KINDS = [...FIXTURE_KINDS, ...REAL_KINDS] as const
export type ModuleKind = (typeof MODULE_KINDS)[number]
export type RealKind = (typeof REAL_KINDS)[number]

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
  /** Replaces the manifest's list; undefined (real modules only): the manifest's own. */
  subscriptions?: Subscription[] | undefined
  /** Merged over the manifest's `[config]` (real modules only); every value within the schema. */
  config?: Record<string, string> | undefined
}

/** What the world does with one JSON-RPC method on one chain from a `set` step on. */
export type RpcFault = { kind: 'error' } | { kind: 'delay'; seconds: number } | { kind: 'never' }
export const RPC_METHODS = ['eth_call', 'eth_getBalance'] as const
export type RpcMethod = (typeof RPC_METHODS)[number]

/**
 * One answer of the orderbook to a POST /api/v1/orders, used once, in order; after the list the
 * fake orderbook accepts (a working orderbook: 201, then DuplicatedOrder for the same UID).
 */
export type PostAnswer =
  /** A rejection of the catalogue (harness/orderbook/rejection-catalogue.ts), perhaps re-statused. */
  | { kind: 'reject'; name: string; status?: number | undefined; description?: string | undefined; delay?: number }
  /** A bare status with a text body, as the infrastructure in front of the server answers. */
  | { kind: 'status'; status: number; text: string; retryAfter?: string | undefined; delay?: number }
  /** No answer: the request never completes (the engine's orderbook timeout ends it). */
  | { kind: 'never' }

export type StreamKind = 'blocks' | 'logs'
export interface StreamSelector {
  stream: StreamKind
  chain?: ChainId | undefined
  module?: string | undefined
}

/**
 * A real event payload a log carries (its address, topics and data follow from it): the creation
 * of `FuzzCase.twaps[index]` or the placement `FuzzCase.placements[index]`.
 */
export type LogPayload = { kind: 'twap'; index: number } | { kind: 'ethflow'; index: number }

/** Events that may also appear inside a burst. */
export type BurstEvent =
  | { type: 'block'; chain: ChainId }
  | { type: 'log'; chain: ChainId; address: string; topics: readonly string[]; payload?: LogPayload | undefined }
  | { type: 'signal'; signal: 'SIGTERM' | 'SIGINT' }

export type CaseStep =
  | BurstEvent
  | { type: 'drop'; target: StreamSelector }
  | { type: 'error'; target: StreamSelector }
  | { type: 'advance'; seconds: number }
  | { type: 'restart' }
  | { type: 'burst'; events: BurstEvent[] }
  /** The last `depth` blocks of the chain replaced and sent again (the `reorg` step). */
  | { type: 'reorg'; chain: ChainId; depth: number }
  /** From here on, `method` on `chain` fails this way (null: answers again); a `set: { rpc }` step. */
  | { type: 'rpc'; chain: ChainId; method: RpcMethod; fault: RpcFault | null }

/**
 * One answer ComposableCoW's `getTradeableOrderWithSignature` gives the TWAP's owner (a `polls`
 * rule with `times: 1`, docs/scenarios.md). `ready` hands out tranche `tranche` of the TWAP, still
 * valid or already expired (validTo in the past), to the next `times` polls: a real TWAP hands out
 * the same part until it ends, which is what the module's tranche dedup is for.
 */
export type TwapPoll =
  | { outcome: 'ready'; tranche: number; expired: boolean; times: number }
  | { outcome: 'try-next-block' }
  /** Try at head + `blocks`. */
  | { outcome: 'try-at-block'; blocks: number }
  /** Try at the head's timestamp + `seconds`. */
  | { outcome: 'try-at-epoch'; seconds: number }
  | { outcome: 'order-not-valid' }
  | { outcome: 'never' }
export const TWAP_POLL_OUTCOMES = [
  'ready',
  'try-next-block',
  'try-at-block',
  'try-at-epoch',
  'order-not-valid',
  'never',
] as const

/** A TWAP conditional order some Safe creates on ComposableCoW. */
export interface TwapOrder {
  /** Index into TWAP_OWNERS: two TWAPs may share an owner (and so its poll answers). */
  owner: number
  /** `valid` TWAP data; `invalid` (n = 0: a handler answers OrderNotValid); `app-data`: a non-empty appData. */
  params: 'valid' | 'invalid' | 'app-data'
  /** false: the log's data is cut short, so it does not decode (the module ignores it). */
  decodes: boolean
  /** The contract's answers to this TWAP's owner, in order; then `try-next-block` for ever. */
  polls: TwapPoll[]
}

/** What the orderbook answers `GET /api/v1/orders/{uid}` for an EthFlow order (one rule, used once). */
export type LookupAnswer = 'found' | 'server-error' | 'never' | 'wrong-uid'
export const LOOKUP_ANSWERS = ['found', 'server-error', 'never', 'wrong-uid'] as const

/** An EthFlow order placed on CoWSwapEthFlow. */
export interface EthflowPlacement {
  /** false: an unknown `kind` marker, so no UID can be computed (the module warns and skips). */
  valid: boolean
  /** false: the log's data is cut short, so it does not decode (the module ignores it). */
  decodes: boolean
  /** The lookups' answers, in order, per chain; then the working orderbook's 404 (it never indexes them). */
  lookups: LookupAnswer[]
}

export interface FuzzCase {
  /** Declared in `engine.chains`: every chain a subscription names, plus perhaps some nobody uses. */
  chains: ChainId[]
  modules: CaseModule[]
  steps: CaseStep[]
  /** The orderbook's first answers to POSTs, in order (empty: it accepts every valid order). */
  orderbook?: PostAnswer[] | undefined
  /** TWAPs whose creation logs the script may emit (`log` steps with a `twap` payload). */
  twaps?: TwapOrder[] | undefined
  /** EthFlow orders whose placement logs the script may emit. */
  placements?: EthflowPlacement[] | undefined
  /** The policy file the engine and the model decide by (`fuzz --policy`); absent: the default. */
  policy?: string | undefined
}
