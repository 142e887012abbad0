// The fixture world builder: one in-process fake node per chain (declared state, the fault plan's
// canned answers, a cassette behind), scripted block and log streams, the fake orderbook on MSW or
// in-process, a virtual clock and a memory store. Nothing here opens a socket.
import { concat, keccak256, numberToHex } from 'viem'
import type { EngineConfig } from '../../engine/config/types.js'
import type { BlockHeader } from '../../engine/sources/source.js'
import { MemoryStore } from '../../engine/store/memory-store.js'
import type { FetchFn } from '../../engine/world.js'
import { cassetteFallback } from '../cassette/cassette-fallback.js'
import { type Cassette, loadCassetteFile } from '../cassette/cassette.js'
import { OrderbookTape } from '../cassette/orderbook-tape.js'
import { FakeOrderbook } from '../orderbook/fake-orderbook.js'
import { OrderbookCursor } from './orderbook-cursor.js'
import { inProcessFetch } from '../orderbook/in-process-transport.js'
import type { MswOrderbook, startMswOrderbook } from '../orderbook/msw-transport.js'
import { worldOrderbookChain } from '../orderbook/world-orderbook-chain.js'
import type { ChainStateDecl, Scenario } from '../scenario/types.js'
import { createFakeRpcTransports, FakeNode } from '../world/fake-node.js'
import { ScriptedSources } from '../world/scripted-sources.js'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { WorldFailureCollector } from '../world/world-failure.js'
import type { FaultPlan } from './fault-plan.js'
import type { World, WorldBuilder, WorldInput } from './world.js'

export type OrderbookTransport = 'msw' | 'in-process'

/** A chain nobody declared starts here. */
const DEFAULT_HEAD = { number: 7_000_000, timestamp: 1_750_000_000 }

export function fixtureWorld(options: { transport: OrderbookTransport }): WorldBuilder {
  return (input) => buildFixtureWorld(input, options.transport)
}

export async function buildFixtureWorld(input: WorldInput, transport: OrderbookTransport): Promise<World> {
  const { scenario, config, faults, seed } = input
  const cassette = scenario.cassette ? await loadCassetteFile(scenario.cassette) : undefined
  const chainIds = chainIdsOf(scenario, config)
  const lowest = chainIds[0]
  // Virtual time starts at the head of the lowest chain id.
  const start =
    (lowest !== undefined ? scenario.chain.get(lowest)?.head.timestamp : undefined) ?? DEFAULT_HEAD.timestamp
  const clock = new VirtualClock(start * 1000)
  const roots = new Map<string, number>()
  if (!(config instanceof Error))
    for (const c of config.chains) if (c.orderbookUrl) roots.set(c.orderbookUrl, c.chainId)
  // The book asks the world's nodes (EIP-1271) as another client of the chain would (decision
  // 0076); they exist once `world` does.
  const nodes: { of?: (chainId: number) => FakeNode; existing?: (chainId: number) => FakeNode | undefined } = {}
  const chain = worldOrderbookChain((chainId) => nodes.of?.(chainId))
  // A cassette that recorded the orderbook answers every orderbook request, strictly.
  const tape = cassette?.orderbook ? new OrderbookTape(cassette.orderbook, cassette.file) : undefined
  const book = await FakeOrderbook.create({
    clock,
    behaviour: faults.orderbook,
    roots,
    chain,
    tape,
    // Only a chain the world has: asking must not make a node (that would change the default chain).
    head: (chainId) => nodes.existing?.(chainId)?.head().number,
  })
  // MSW's code (and its dependencies) is loaded only by a run on the MSW transport.
  const startMsw = transport === 'msw' ? (await mswTransport()).startMswOrderbook : undefined
  const world = new FixtureWorld(scenario, faults, seed, clock, book, cassette, transport, startMsw)
  nodes.of = (chainId) => world.node(chainId)
  nodes.existing = (chainId) => world.existingNode(chainId)
  for (const chainId of new Set([...chainIds, ...(cassette?.chains.keys() ?? [])])) world.node(chainId)
  return world
}

/** The MSW transport's module, imported on first use (an `import()` per scenario cost ~15 µs each). */
let mswTransportModule: Promise<typeof import('../orderbook/msw-transport.js')> | undefined
const mswTransport = () => (mswTransportModule ??= import('../orderbook/msw-transport.js'))

class FixtureWorld implements World {
  readonly seams: World['seams']
  readonly faults: World['faults']
  readonly #store = new MemoryStore()
  readonly #failures = new WorldFailureCollector()
  /** Read live by the RPC transports: a node made later (a step on a new chain) is reachable. */
  readonly #nodes = new Map<number, FakeNode>()
  readonly #sources = new ScriptedSources()
  #msw: MswOrderbook | undefined
  #reorgs = 0

  readonly #bookCursor: OrderbookCursor

  constructor(
    private readonly scenario: Scenario,
    private readonly plan: FaultPlan,
    private readonly seed: number,
    readonly clock: VirtualClock,
    private readonly book: FakeOrderbook,
    private readonly cassette: Cassette | undefined,
    transport: OrderbookTransport,
    private readonly startMsw: typeof startMswOrderbook | undefined,
  ) {
    this.#bookCursor = new OrderbookCursor(book)
    // Looked up at call time: under MSW the global fetch is the one MSW patched.
    const fetch: FetchFn =
      transport === 'msw' ? (request, init) => globalThis.fetch(request, init) : inProcessFetch(book)
    this.seams = { rpc: createFakeRpcTransports(this.#nodes), sources: this.#sources, fetch, store: this.#store }
    this.faults = {
      replaceRpcRules: (chainId, rules) => this.node(chainId).applySet({ rpc: [...rules] }),
      replaceOrderbook: (behaviour) => book.replaceBehaviour(behaviour),
      dropStreams: (kind, selector) => this.#sources.drop(kind, selector),
      errorStreams: (kind, selector, message) => this.#sources.errorItem(kind, selector, message),
    }
  }

  async start(): Promise<void> {
    if (this.startMsw) this.#msw = this.startMsw(this.book)
  }

  async stop(): Promise<void> {
    this.#msw?.close()
  }

  chainIds(): number[] {
    return [...this.#nodes.keys()].sort((a, b) => a - b)
  }

  head(chainId: number) {
    return this.node(chainId).head()
  }

  nextBlock(chainId: number, fields: Parameters<World['nextBlock']>[1]) {
    const node = this.node(chainId)
    const header = node.nextHeader(fields)
    const tape = this.cassette?.chains.get(chainId)?.blocks.find((b) => b.number === header.number)
    // A recorded block keeps its real hash and timestamp unless the step overrides them.
    if (!tape) return header
    return node.nextHeader({
      number: tape.number,
      hash: fields.hash ?? tape.hash,
      timestamp: fields.timestamp ?? tape.timestamp,
    })
  }

  async commitBlock(chainId: number, header: ReturnType<World['head']>): Promise<void> {
    this.node(chainId).setHead(header)
    this.#sources.emitBlock(chainId, header)
  }

  logsAfterBlock(chainId: number, blockNumber: number) {
    return this.cassette?.chains.get(chainId)?.logs.filter((l) => l.blockNumber === blockNumber) ?? []
  }

  async emitLog(chainId: number, log: Parameters<World['emitLog']>[1]): Promise<void> {
    this.#sources.emitLog(chainId, log)
  }

  /** The last `depth` blocks again, same numbers and times, new hashes (keyed by the reorg count). */
  async reorg(chainId: number, depth: number, sent: (header: BlockHeader) => void): Promise<void> {
    const node = this.node(chainId)
    const head = node.head()
    this.#reorgs++
    const replaced: BlockHeader[] = []
    for (let number = Math.max(0, head.number - depth + 1); number <= head.number; number++) {
      const old = node.headerAt(number)!
      replaced.push({ ...old, hash: keccak256(concat([old.hash, numberToHex(this.#reorgs, { size: 32 })])) })
    }
    for (const header of replaced) {
      node.setHead(header)
      sent(header)
      this.#sources.emitBlock(chainId, header)
    }
  }

  async changeState(chainId: number, change: Parameters<World['changeState']>[1]): Promise<void> {
    this.node(chainId).applySet({ balances: change.balances, contracts: change.contracts })
  }

  openStreams() {
    return this.#sources.openStreams()
  }

  activity(): number {
    return this.book.exchanges.length + this.#sources.backlog()
  }

  neverEnding(): string[] {
    return [...[...this.#nodes.values()].flatMap((n) => n.pendingLabels()), ...this.book.pendingRequests()]
  }

  takeFailures(): string[] {
    const fresh = this.#failures.takeNew().map((f) => f.message)
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

  existingNode(chainId: number): FakeNode | undefined {
    return this.#nodes.get(chainId)
  }

  /** The chain's node, made on first use from its declaration (or an empty chain). */
  node(chainId: number): FakeNode {
    let node = this.#nodes.get(chainId)
    if (!node) {
      const declared: ChainStateDecl = this.scenario.chain.get(chainId) ?? {
        head: DEFAULT_HEAD,
        balances: new Map(),
        contracts: new Map(),
        rpc: [],
      }
      const recorded = this.cassette?.chains.get(chainId)
      node = new FakeNode({
        chainId,
        // The canned answers come from the fault plan, not from the chain's declaration.
        state: { ...declared, rpc: [...(this.plan.rpc.get(chainId) ?? [])] },
        clock: this.clock,
        seed: this.seed,
        failures: this.#failures,
        fallback: recorded ? cassetteFallback(recorded) : undefined,
      })
      this.#nodes.set(chainId, node)
    }
    return node
  }
}

function chainIdsOf(scenario: Scenario, config: EngineConfig | Error): number[] {
  const ids = new Set<number>(scenario.chain.keys())
  if (!(config instanceof Error)) for (const c of config.chains) ids.add(c.chainId)
  return [...ids].sort((a, b) => a - b)
}
