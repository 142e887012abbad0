// A loaded, validated scenario (docs/scenarios.md, version 1, plus the extensions
// documented in docs/scenarios.md). load-scenario.ts produces it; the world, the orderbook and
// the runner consume it. Addresses are lowercase 0x hex; amounts are bigint; durations are ms.
import type { EngineConfig } from '../../engine/config/types.js'
import type { DecisionKind, Hex, LogLevel } from '../../engine/module-api/index.js'
import type { Gpv2Order } from '../orderbook/gpv2-order.js'

export type Mode = 'fixture' | 'anvil'

export interface Scenario {
  /** Absolute path of the scenario file. */
  file: string
  /** Its folder: relative paths resolve against it. */
  dir: string
  version: 1
  name: string
  description?: string | undefined
  modes: Mode[]
  /** The seed (given, or the stable hash of `name`). */
  seed: number
  /** Whether `seed` came from the file (false = derived from the name). */
  seedFromFile: boolean
  /** How modules run: in their own worker threads, or in the engine's thread (decision 0024). */
  isolation?: 'worker' | 'in-process' | undefined
  /** `orderbook_policy:`, resolved: the policy file the engine and the judge run by (docs/policies.md). */
  orderbookPolicy?: string | undefined
  engine: EngineDecl
  /**
   * The inline `engine:` as the engine's loader read it with the file's parse (decision 0238);
   * absent for an engine file, or one the engine refuses (its boot reads it again and says why).
   */
  engineConfig?: EngineConfig | undefined
  /** Keyed by chain id. */
  chain: Map<number, ChainStateDecl>
  /** Absolute path. */
  cassette?: string | undefined
  orderbook: OrderbookBehaviour
  steps: Step[]
  expect?: Expectations | undefined
  /** `memory` (default): a fresh in-memory store; `sqlite`: the production store in a temporary state_dir (extension). */
  store: 'memory' | 'sqlite'
  /** Real ms an isolated module may compute before virtual time moves to its deadline (extension, decision 0200). */
  computeGraceMs?: number | undefined
}

/**
 * `engine:` — a path to an engine.toml, or the inline object. Inline `use:` entries are already
 * resolved to `path:` (absolute module folder); everything else is passed through untouched for
 * the engine's own loader to validate (its errors are boot failures, not scenario errors).
 */
export type EngineDecl = { kind: 'file'; path: string } | { kind: 'inline'; value: Record<string, unknown> }

export interface ChainStateDecl {
  head: { number: number; timestamp: number }
  balances: Map<Hex, bigint>
  contracts: Map<Hex, ContractDecl>
  rpc: RpcRule[]
}

export type ContractDecl = ChainlinkAggregatorDecl | Erc20Decl | ComposableCowDecl

export interface ChainlinkAggregatorDecl {
  kind: 'chainlink-aggregator'
  decimals: number
  answer: bigint
  description: string
  roundId: bigint
  /** Seconds; default: the chain head timestamp. */
  updatedAt?: bigint | undefined
}

export interface Erc20Decl {
  kind: 'erc20'
  balances: Map<Hex, bigint>
  /** owner -> spender -> amount */
  allowances: Map<Hex, Map<Hex, bigint>>
  decimals: number
  symbol: string
}

/** Extension: ComposableCoW whose `getTradeableOrderWithSignature` answers are scripted. */
export interface ComposableCowDecl {
  kind: 'composable-cow'
  /** First matching rule wins; a rule with `times` is used that many times, then skipped. */
  polls: PollRule[]
}

export type PollOutcomeDecl =
  | { outcome: 'ready'; order: GPv2OrderDecl; signature: Hex }
  | { outcome: 'try-next-block'; reason: string }
  | { outcome: 'try-at-block'; block: bigint; reason: string }
  | { outcome: 'try-at-epoch'; epoch: bigint; reason: string }
  | { outcome: 'order-not-valid'; reason: string }
  | { outcome: 'never'; reason: string }

export type PollRule = PollOutcomeDecl & { owner?: Hex | undefined; times?: number | undefined }

/** A `ready` poll's order: a GPv2 order with the receiver spelled out. */
export type GPv2OrderDecl = Gpv2Order & { receiver: Hex }

export interface RpcRule {
  method: string
  /** Compared after JSON normalisation, addresses and hex case-insensitively. */
  params?: unknown[] | undefined
  result?: unknown
  error?: { code: number; message: string; data?: unknown } | undefined
  /** default: always */
  times?: number | undefined
  /** ms of virtual time, or never answer */
  delay?: number | 'never' | undefined
}

export interface OrderbookBehaviour {
  default: 'accept' | 'reject'
  rules: OrderbookRule[]
}

export interface OrderbookRule {
  /** `method` undefined = any; `path` relative to the chain's API root, `*` matches one segment part. */
  match: { method?: string | undefined; path: string }
  respond: {
    status?: number | undefined
    body?: unknown
    text?: string | undefined
    /** A rejection of the catalogue (docs/orderbook.md) by name: the server's status, body and content type. */
    reject?: string | undefined
    /** With `reject`: replaces the catalogue's description (or plain text). */
    description?: string | undefined
    headers?: Record<string, string> | undefined
    delay?: number | 'never' | undefined
  }
  times?: number | undefined
}

/** Every step keeps its key path (`steps[3]`) for messages. */
export type Step = { at: string } & StepBody

export type StreamKind = 'blocks' | 'logs'

/** What a `burst:` may hold: world events and signals, each with its own key path. */
export type BurstEvent = { at: string } & Extract<
  StepBody,
  { kind: 'block' | 'blocks' | 'log' | 'drop' | 'error' | 'signal' }
>

export type StepBody =
  | {
      kind: 'block'
      chain?: number | undefined
      number?: number | undefined
      timestamp?: number | undefined
      hash?: Hex | undefined
    }
  | { kind: 'blocks'; count: number; chain?: number | undefined }
  | {
      kind: 'log'
      chain?: number | undefined
      address: Hex
      topics: Hex[]
      data: Hex
      block?: number | undefined
      tx?: Hex | undefined
      index?: number | undefined
      removed?: boolean | undefined
    }
  | { kind: 'drop'; stream: StreamKind; chain?: number | undefined; module?: string | undefined }
  | { kind: 'error'; stream: StreamKind; chain?: number | undefined; module?: string | undefined }
  | { kind: 'advance'; ms: number }
  | { kind: 'signal'; signal: 'SIGTERM' | 'SIGINT' }
  | {
      kind: 'set'
      chain?: number | undefined
      balances?: Map<Hex, bigint> | undefined
      contracts?: Map<Hex, ContractDecl> | undefined
      rpc?: RpcRule[] | undefined
    }
  | { kind: 'orderbook'; behaviour: OrderbookBehaviour }
  | { kind: 'reorg'; depth: number; chain?: number | undefined }
  | { kind: 'restart' }
  | { kind: 'expect'; expect: Expectations }
  /** Events delivered at once, without the engine settling in between (extension). */
  | { kind: 'burst'; events: BurstEvent[] }

/** `3`, `">= 3"`, `"<= 2"`, `"0..5"`. `text` is the original, for messages. */
export interface CountExpect {
  min: number
  max: number
  text: string
}

/** What `expect.exit.reason` may name: the scenario format's list (docs/scenarios.md). */
export const EXIT_REASON_EXPECTS = [
  'signal',
  'block-stream-ended',
  'log-stream-ended',
  'nothing-to-run',
  'boot-failed',
  'drain-timeout',
  'running',
] as const
export type ExitReasonExpect = (typeof EXIT_REASON_EXPECTS)[number]

export interface DispatchExpect {
  blocks?: CountExpect | undefined
  logs?: CountExpect | undefined
  ok?: CountExpect | undefined
  errors?: CountExpect | undefined
  traps?: CountExpect | undefined
}

export interface LogMatch {
  module?: string | undefined
  level?: LogLevel | undefined
  contains?: string | undefined
}

/** One dispatch in `expect.order`: a block or a log (its block number) reaching a module. */
export interface DispatchOrderEntry {
  module: string
  event: 'block' | 'logs'
  number: number
  /** Absent: any chain. */
  chain?: number | undefined
}

/** `expect.order`: every dispatch of the run in order, or the modules each listed block reached. */
export type OrderExpect =
  | { kind: 'run'; dispatches: DispatchOrderEntry[] }
  | { kind: 'blocks'; blocks: { chain?: number | undefined; number: number; key: string; modules: string[] }[] }

/** `expect.streams.<chain>`: the streams the engine opened on that chain over the run. */
export interface StreamsExpect {
  blocks?: CountExpect | undefined
  /** A count, or the module owning each log stream, in open order. */
  logs?: CountExpect | string[] | undefined
}

export interface Expectations {
  /** Key path of this expect block, e.g. `expect` or `steps[4].expect`. */
  at: string
  exit?: { reason?: ExitReasonExpect | undefined; code?: number | undefined } | undefined
  dispatch?: Map<string, DispatchExpect> | undefined
  alive?: string[] | undefined
  dead?: string[] | undefined
  calls?: Map<string, Map<string, CountExpect>> | undefined
  orderbook?:
    | { posts?: CountExpect | undefined; accepted?: CountExpect | undefined; rejected?: CountExpect | undefined }
    | undefined
  decisions?: Map<string, DecisionKind[]> | undefined
  logs?: LogMatch[] | undefined
  noLogs?: LogMatch[] | undefined
  store?: Map<string, Map<string, 'present' | 'absent' | Hex>> | undefined
  traceHash?: string | undefined
  order?: OrderExpect | undefined
  streams?: Map<number, StreamsExpect> | undefined
  /** Every order posted (POST /api/v1/orders), in arrival order (extension, decision 0190). */
  journal?: JournalExpect[] | undefined
}

/** One `expect.journal` entry: the exact body posted, and the block it came after. */
export interface JournalExpect {
  /** The head of the chain when the request arrived. */
  afterBlock: number
  /** Absent: any chain. */
  chain?: number | undefined
  /** Compared as JSON (key order ignored). */
  body: unknown
  /** The status the orderbook answered; absent: any. */
  status?: number | undefined
}
