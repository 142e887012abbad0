// The Anvil world builder: one real anvil per chain (leased from the pool, state planted for
// real), the engine's live transports (viem WebSocket JSON-RPC and eth_subscribe sources,
// engine/transport and engine/sources) dialled through the harness's proxy, the fake orderbook
// behind MSW, a virtual clock and a memory store. The step player drives it exactly as it drives
// the fixture world (decision 0161).
import type { EngineConfig } from '../../engine/config/types.js'
import type { BlockHeader, EventStream, LogFilter, SourceFactory } from '../../engine/sources/source.js'
import { createWsSources, type WsSources } from '../../engine/sources/ws-sources.js'
import { MemoryStore } from '../../engine/store/memory-store.js'
import type { RpcTransports } from '../../engine/transport/rpc-transport.js'
import { createViemRpcTransports, type ViemRpcTransports } from '../../engine/transport/viem-rpc-transports.js'
import type { FetchFn } from '../../engine/world.js'
import { AnvilChain } from '../anvil/anvil-chain.js'
import { anvilOrderbookChain } from '../anvil/anvil-orderbook-chain.js'
import { startCassetteUpstream } from '../anvil/fork/cassette-upstream.js'
import type { ForkSource } from '../anvil/fork/fork-source.js'
import type { AnvilPool } from '../anvil/anvil-pool.js'
import type { ProxiedSubscription } from '../anvil/proxy/rpc-proxy.js'
import { FakeOrderbook } from '../orderbook/fake-orderbook.js'
import { OrderbookCursor } from './orderbook-cursor.js'
import { type MswOrderbook, startMswOrderbook } from '../orderbook/msw-transport.js'
import type { ChainStateDecl, Scenario, StreamKind } from '../scenario/types.js'
import type { OpenStreamInfo, StreamSelector } from '../world/scripted-sources.js'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import type { World, WorldBuilder, WorldInput } from './world.js'
import { BaseError } from '../../engine/errors/base-error.js'

const DEFAULT_HEAD = { number: 7_000_000, timestamp: 1_750_000_000 }

export interface AnvilWorldOptions {
  pool: AnvilPool
  /** Fork the chain it names (live or from a cassette) instead of a genesis at the scenario head. */
  fork?: ForkSource | undefined
}

export function anvilWorld(options: AnvilWorldOptions): WorldBuilder {
  return (input) => buildAnvilWorld(input, options)
}

export class AnvilWorldError extends BaseError {
  override readonly name = 'AnvilWorldError'
}

export async function buildAnvilWorld(input: WorldInput, options: AnvilWorldOptions): Promise<World> {
  const { pool, fork } = options
  const { scenario, config, faults, seed } = input
  if (scenario.cassette)
    throw new AnvilWorldError(
      `${scenario.file}: cassette: a cassette replays recorded answers in fixture mode only; declare modes: [fixture]`,
    )
  const chainIds = chainIdsOf(scenario, config)
  const lowest = chainIds[0]
  const start =
    (lowest !== undefined ? scenario.chain.get(lowest)?.head.timestamp : undefined) ?? DEFAULT_HEAD.timestamp
  const clock = new VirtualClock(start * 1000)
  const roots = new Map<string, number>()
  if (!(config instanceof Error))
    for (const c of config.chains) if (c.orderbookUrl) roots.set(c.orderbookUrl, c.chainId)
  // The book asks the nodes (EIP-1271, pre-signatures, funding) as the server asks its own node.
  const chains: { of?: (chainId: number) => AnvilChain | undefined } = {}
  const reads: { track?: <T>(read: Promise<T>) => Promise<T> } = {}
  const chain = anvilOrderbookChain(
    (chainId) => chains.of?.(chainId),
    (read) => reads.track?.(read) ?? read,
  )
  const book = await FakeOrderbook.create({
    clock,
    behaviour: faults.orderbook,
    roots,
    chain,
    head: (chainId) => chains.of?.(chainId)?.head().number,
  })
  const world = new AnvilWorld(clock, book)
  // A cassette is served by its own loopback upstream, for this scenario's chain only.
  const upstream = fork?.kind === 'cassette' ? await startCassetteUpstream(fork.cassette) : undefined
  if (upstream) world.onStop(() => upstream.close())
  chains.of = (chainId) => world.chain(chainId)
  reads.track = (read) => world.track(read)
  try {
    for (const chainId of chainIds) {
      const declared: ChainStateDecl = scenario.chain.get(chainId) ?? {
        head: DEFAULT_HEAD,
        balances: new Map(),
        contracts: new Map(),
        rpc: [],
      }
      world.addChain(
        await AnvilChain.start({
          chainId,
          declared,
          rules: faults.rpc.get(chainId) ?? [],
          pool,
          clock,
          seed,
          fail: (message) => world.fail(message),
          onEngineSocketClosed: () => world.socketClosed(),
          fork:
            fork && fork.chainId === chainId
              ? { url: upstream?.url ?? (fork as { url: string }).url, block: fork.block }
              : undefined,
        }),
      )
    }
    // Virtual time starts at the fork's head when that is later than the scenario's.
    const forked = fork ? world.chain(fork.chainId) : undefined
    if (forked && forked.head().timestamp * 1000 > clock.now()) clock.advanceTo(forked.head().timestamp * 1000)
  } catch (error) {
    await world.stop()
    throw error
  }
  return world
}

interface TrackedStream extends OpenStreamInfo {
  stream: EventStream<unknown>
}

class AnvilWorld implements World {
  readonly seams: World['seams']
  readonly faults: World['faults']
  readonly #chains = new Map<number, AnvilChain>()
  readonly #store = new MemoryStore()
  readonly #failures: string[] = []
  #msw: MswOrderbook | undefined
  /** The engine's live transports; dialled again after the engine's socket was closed. */
  #live: { rpc: ViemRpcTransports; sources: WsSources } | undefined
  #liveBroken = false
  readonly #cleanups: (() => Promise<void>)[] = []
  #requestsOpen = 0
  #opening = 0
  #bookReads = 0
  #bookReadsDone = 0
  #requestsDone = 0
  /** Items the engine's streams yielded, per chain and kind, against what the chain released. */
  readonly #consumed = new Map<string, number>()
  readonly #open: TrackedStream[] = []
  #nextStreamId = 0

  readonly #bookCursor: OrderbookCursor

  constructor(
    readonly clock: VirtualClock,
    private readonly book: FakeOrderbook,
  ) {
    this.#bookCursor = new OrderbookCursor(book)
    const rpc: RpcTransports = {
      forChain: (chainId) => {
        if (!this.#chains.has(chainId)) return undefined
        return {
          request: async (method, params, options) => {
            this.#requestsOpen++
            try {
              const transport = this.#transports().rpc.forChain(chainId)!
              return await transport.request(method, params, options)
            } catch (error) {
              if (options?.signal?.aborted) this.#chains.get(chainId)?.answers.abandoned(method, params)
              throw error
            } finally {
              this.#requestsOpen--
              this.#requestsDone++
            }
          },
        }
      },
    }
    const sources: SourceFactory = {
      openBlocks: (chainId) =>
        this.#track('blocks', chainId, undefined, undefined, this.#transports().sources.openBlocks(chainId)),
      openLogs: (chainId, filter, module) =>
        this.#track('logs', chainId, module, filter, this.#transports().sources.openLogs(chainId, filter, module)),
    }
    // Looked up at call time: the global fetch is the one MSW patched.
    const fetch: FetchFn = (request, init) => globalThis.fetch(request, init)
    this.seams = { rpc, sources, fetch, store: this.#store }
    this.faults = {
      replaceRpcRules: (chainId, rules) => this.chain(chainId)?.answers.replaceRules(rules),
      replaceOrderbook: (behaviour) => book.replaceBehaviour(behaviour),
      dropStreams: (kind, selector) => this.#drop(kind, selector),
      errorStreams: (kind, selector) => this.#error(kind, selector),
    }
  }

  /** A read the fake orderbook makes on a node: real I/O in flight until it settles. */
  async track<T>(read: Promise<T>): Promise<T> {
    this.#bookReads++
    try {
      return await read
    } finally {
      this.#bookReads--
      this.#bookReadsDone++
    }
  }

  /** Runs when the world stops, after the chains. */
  onStop(cleanup: () => Promise<void>): void {
    this.#cleanups.push(cleanup)
  }

  addChain(chain: AnvilChain): void {
    this.#chains.set(chain.chainId, chain)
  }

  fail(message: string): void {
    this.#failures.push(message)
  }

  socketClosed(): void {
    this.#liveBroken = true
  }

  async start(): Promise<void> {
    const origins = [...this.#chains.values()].flatMap((c) => [c.node.url, c.proxy.httpUrl])
    this.#msw = startMswOrderbook(this.book, { passthroughOrigins: origins })
  }

  async stop(): Promise<void> {
    this.#msw?.close()
    const live = this.#live
    this.#live = undefined
    if (live) {
      live.sources.close()
      await live.rpc.close()
    }
    for (const chain of this.#chains.values()) await chain.stop()
    for (const cleanup of this.#cleanups.splice(0)) await cleanup()
  }

  chainIds(): number[] {
    return [...this.#chains.keys()].sort((a, b) => a - b)
  }

  head(chainId: number) {
    return this.#required(chainId).head()
  }

  nextBlock(chainId: number, fields: Parameters<World['nextBlock']>[1]) {
    return this.#required(chainId).nextHeader(fields)
  }

  async commitBlock(chainId: number, header: ReturnType<World['head']>): Promise<void> {
    await this.#step(() => this.#required(chainId).commitBlock(header))
  }

  logsAfterBlock() {
    return []
  }

  async emitLog(chainId: number, log: Parameters<World['emitLog']>[1]): Promise<void> {
    await this.#step(() => this.#required(chainId).emitLog(log))
  }

  async reorg(chainId: number, depth: number, sent: (header: BlockHeader) => void): Promise<void> {
    await this.#step(() => this.#required(chainId).reorg(depth, sent))
  }

  async changeState(chainId: number, change: Parameters<World['changeState']>[1]): Promise<void> {
    await this.#step(() => this.#required(chainId).changeState(change))
  }

  openStreams(): OpenStreamInfo[] {
    return this.#open.map(({ stream: _stream, ...info }) => info)
  }

  activity(): number {
    let released = 0
    for (const chain of this.#chains.values()) released += chain.released.blocks + chain.released.logs
    let consumed = 0
    for (const n of this.#consumed.values()) consumed += n
    return this.book.exchanges.length + released + consumed + this.#requestsDone + this.#bookReadsDone
  }

  /** Real I/O in flight: requests on their way to the node and back, items on their way to the engine. */
  inFlight(): number {
    let parked = 0
    let undelivered = 0
    for (const chain of this.#chains.values()) {
      parked += chain.answers.parked()
      undelivered += Math.max(0, chain.released.blocks - this.#consumedOf(chain.chainId, 'blocks'))
      undelivered += Math.max(0, chain.released.logs - this.#consumedOf(chain.chainId, 'logs'))
    }
    return Math.max(0, this.#requestsOpen - parked) + undelivered + this.#bookReads + this.#opening
  }

  neverEnding(): string[] {
    return [...[...this.#chains.values()].flatMap((c) => c.answers.neverEnding()), ...this.book.pendingRequests()]
  }

  takeFailures(): string[] {
    const fresh = this.#failures.splice(0)
    return [...fresh, ...this.#bookCursor.takeFailures()]
  }

  takeExchanges() {
    return this.#bookCursor.takeExchanges()
  }

  orderPosts() {
    return this.book.orderPosts()
  }

  readStore(module: string, key: string): Uint8Array | undefined {
    return this.#store.get(module, key)
  }

  /** A step the node could not honour is a failure of the run, named, not a crash of the runner. */
  async #step(work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } catch (error) {
      this.fail(`anvil mode: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  #transports(): { rpc: ViemRpcTransports; sources: WsSources } {
    if (this.#live && !this.#liveBroken) return this.#live
    const old = this.#live
    if (old) {
      old.sources.close()
      void old.rpc.close()
    }
    this.#liveBroken = false
    const chains = [...this.#chains.values()].map((c) => ({ chainId: c.chainId, rpcUrl: c.proxy.wsUrl }))
    const rpc = createViemRpcTransports(chains)
    this.#live = { rpc, sources: createWsSources(chains, rpc) }
    return this.#live
  }

  async #track<T>(
    kind: StreamKind,
    chainId: number,
    module: string | undefined,
    filter: LogFilter | undefined,
    opening: Promise<EventStream<T>>,
  ): Promise<EventStream<T>> {
    // An `eth_subscribe` on its way to the node is real I/O: the engine's boot deadline waits for it.
    this.#opening++
    let inner: EventStream<T>
    try {
      inner = await opening
    } finally {
      this.#opening--
    }
    const key = `${chainId}:${kind}`
    const entry: TrackedStream = { id: this.#nextStreamId++, kind, chainId, module, filter, stream: inner }
    this.#open.push(entry)
    const chain = this.#chains.get(chainId)
    const forget = () => {
      const at = this.#open.indexOf(entry)
      if (at >= 0) this.#open.splice(at, 1)
      // Whatever was sent to an ended stream will never be read.
      if (chain) this.#consumed.set(key, kind === 'blocks' ? chain.released.blocks : chain.released.logs)
    }
    const consumed = this.#consumed
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        try {
          for await (const item of inner) {
            consumed.set(key, (consumed.get(key) ?? 0) + 1)
            yield item
          }
        } finally {
          forget()
        }
      },
    }
  }

  #consumedOf(chainId: number, kind: StreamKind): number {
    return this.#consumed.get(`${chainId}:${kind}`) ?? 0
  }

  #matching(kind: StreamKind, selector: StreamSelector): TrackedStream[] {
    return this.#open.filter(
      (s) =>
        s.kind === kind &&
        (selector.chain === undefined || s.chainId === selector.chain) &&
        (selector.module === undefined || s.module === selector.module),
    )
  }

  /** A real socket carries every stream of its chain: a drop ends them all, or it is refused. */
  #drop(kind: StreamKind, selector: StreamSelector): number {
    const hit = this.#matching(kind, selector)
    let dropped = 0
    for (const chainId of new Set(hit.map((s) => s.chainId))) {
      const others = this.#open.filter((s) => s.chainId === chainId && !hit.includes(s))
      if (others.length) {
        this.fail(
          `anvil mode: drop: the engine's socket to chain ${chainId} also carries ${others
            .map((s) => (s.kind === 'blocks' ? 'its block stream' : `the log stream of ${s.module}`))
            .join(', ')}; closing it ends those too. Drop every stream of the chain, or declare modes: [fixture]`,
        )
        continue
      }
      this.#chains.get(chainId)?.proxy.dropConnections()
      dropped += hit.filter((s) => s.chainId === chainId).length
    }
    return dropped || hit.length
  }

  #error(kind: StreamKind, selector: StreamSelector): number {
    let hit = 0
    for (const stream of this.#matching(kind, selector)) {
      const chain = this.#chains.get(stream.chainId)
      if (!chain) continue
      const subs = chain.proxy.subscriptions().filter((s) => sameStream(s, stream))
      hit += chain.injectError(subs.slice(0, 1))
    }
    return hit
  }

  chain(chainId: number): AnvilChain | undefined {
    return this.#chains.get(chainId)
  }

  #required(chainId: number): AnvilChain {
    const chain = this.#chains.get(chainId)
    if (!chain)
      throw new AnvilWorldError(`chain ${chainId} has no anvil in this run (not in the engine or chain config)`)
    return chain
  }
}

/** Whether a proxied subscription is this engine stream (same chain's socket, same kind and filter). */
function sameStream(s: ProxiedSubscription, stream: TrackedStream): boolean {
  if (stream.kind === 'blocks') return s.kind === 'newHeads'
  if (s.kind !== 'logs') return false
  const address = s.filter?.address?.toLowerCase()
  const topic0 = s.filter?.topics?.[0]?.toLowerCase()
  return address === stream.filter?.address?.toLowerCase() && topic0 === stream.filter?.topic0?.toLowerCase()
}

function chainIdsOf(scenario: Scenario, config: EngineConfig | Error): number[] {
  const ids = new Set<number>(scenario.chain.keys())
  if (!(config instanceof Error)) for (const c of config.chains) ids.add(c.chainId)
  return [...ids].sort((a, b) => a - b)
}
