// The seam between the step player and a world: what a scripted step can do to the world and
// what the player can ask of it. The fixture world (fixture-world.ts) implements it with the
// in-process fake node, scripted streams and the fake orderbook; an Anvil-backed world implements
// the same interface against a real node, so the player runs unchanged (decision 0111).
import type { EngineConfig } from '../../engine/config/types.js'
import type { Hex } from '../../engine/module-api/index.js'
import type { BlockHeader, RawLog, SourceFactory } from '../../engine/sources/source.js'
import type { KeyValueStore } from '../../engine/store/key-value-store.js'
import type { RpcTransports } from '../../engine/transport/rpc-transport.js'
import type { FetchFn } from '../../engine/world.js'
import type { OrderbookExchange, OrderPostCounts } from '../orderbook/fake-orderbook.js'
import type { ContractDecl, OrderbookBehaviour, RpcRule, Scenario, StreamKind } from '../scenario/types.js'
import type { BlockStepFields } from '../world/block-history.js'
import type { OpenStreamInfo, StreamSelector } from '../world/scripted-sources.js'
import type { VirtualClock } from '../../engine/clock/virtual-clock.js'
import type { FaultPlan } from './fault-plan.js'

/** What the engine is given from the world; clock, randomness, telemetry and shutdown belong to the run. */
export interface WorldSeams {
  rpc: RpcTransports
  sources: SourceFactory
  fetch: FetchFn
  store: KeyValueStore
}

/** The world's way of changing its faults mid-run, for steps that script a fault at a moment. */
export interface FaultInjector {
  /** `set: { rpc }`: the chain's canned answers from now on (the list replaces the old one). */
  replaceRpcRules(chainId: number, rules: readonly RpcRule[]): void
  /** `orderbook:` step: the orderbook's behaviour from now on. */
  replaceOrderbook(behaviour: OrderbookBehaviour): void
  /** Ends the matching open streams, as a closed socket does; returns how many ended. */
  dropStreams(kind: StreamKind, selector: StreamSelector): number
  /** Yields one error item on each matching open stream; returns how many took it. */
  errorStreams(kind: StreamKind, selector: StreamSelector, message: string): number
}

/** A `set` step's state changes (its `rpc` goes through the fault injector). */
export interface StateChange {
  balances?: Map<Hex, bigint> | undefined
  contracts?: Map<Hex, ContractDecl> | undefined
}

export interface World {
  /** Virtual time: the engine's clock; steps and quiescence move it. */
  readonly clock: VirtualClock
  readonly seams: WorldSeams
  readonly faults: FaultInjector

  /** Before the engine boots (e.g. MSW patches the globals). */
  start(): Promise<void>
  /** After the run, whatever happened; leaves nothing behind. */
  stop(): Promise<void>

  /** The chains the world has a node for, ascending (the lowest is a step's default chain). */
  chainIds(): number[]
  head(chainId: number): BlockHeader
  /** The header a `block` step produces on this chain (defaults filled in); does not emit it. */
  nextBlock(chainId: number, fields: BlockStepFields): BlockHeader
  /** Makes `header` the chain's head and sends it on the chain's block streams. */
  commitBlock(chainId: number, header: BlockHeader): Promise<void>
  /** Logs the world delivers right after this block, in order (a cassette's); none for most worlds. */
  logsAfterBlock(chainId: number, blockNumber: number): readonly RawLog[]
  /** Sends a log on the matching log streams of the chain. */
  emitLog(chainId: number, log: RawLog): Promise<void>
  /** A `set` step's balances and contracts. */
  changeState(chainId: number, change: StateChange): Promise<void>
  openStreams(): OpenStreamInfo[]

  /**
   * Work on real I/O paths the world has started and the engine has not yet seen the end of
   * (an Anvil world's socket traffic); quiescence waits for it in real time. None in fixture mode.
   */
  inFlight?(): number
  /**
   * A `reorg` step: the last `depth` blocks are replaced and sent again; `sent` hears each
   * replacement header just before it goes out (the step player traces it as a block).
   */
  reorg(chainId: number, depth: number, sent: (header: BlockHeader) => void): Promise<void>

  /** Grows with every piece of work the world does (answers sent, items not yet read). */
  activity(): number
  /** Waits no timer will ever end (`delay: never`), for `engine stuck` reports. */
  neverEnding(): string[]
  /** Requests the world could not answer (and misuse of the orderbook) since the last call, one line each. */
  takeFailures(): string[]
  /** Orderbook exchanges that got an answer since the last call, in arrival order. */
  takeExchanges(): OrderbookExchange[]
  orderPosts(): OrderPostCounts
  readStore(module: string, key: string): Uint8Array | undefined
}

/** What a world is built from. */
export interface WorldInput {
  scenario: Scenario
  /** The engine's configuration (chains, orderbook roots), or why it could not be loaded. */
  config: EngineConfig | Error
  faults: FaultPlan
  /** The run's seed: derived values (block hashes) depend on it. */
  seed: number
}

export type WorldBuilder = (input: WorldInput) => Promise<World>
