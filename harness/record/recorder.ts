// What `nexum-sim record` keeps of a live run, in an order that depends only on the run: the
// JSON-RPC exchanges, orderbook exchanges and logs of a dispatch are held until the dispatch ends
// (a `dispatch` or `module-init` event), then written after the block they were for. Headers that
// arrive while another dispatch runs therefore never interleave with its records, and two
// recordings of the same run give the same bytes. At most one dispatch's records are in memory.
import type { EngineEvent, Telemetry } from '../../engine/observe/telemetry.js'
import type { BlockHeader, RawLog } from '../../engine/sources/source.js'
import { RpcError, type RpcTransports } from '../../engine/transport/rpc-transport.js'
import type { CassetteOrderbookExchange, CassetteRpc } from '../cassette/cassette.js'
import type { CassetteWriter } from '../cassette/cassette-writer.js'

type Pending =
  | { kind: 'rpc'; chain: number; call: CassetteRpc }
  | { kind: 'orderbook'; exchange: CassetteOrderbookExchange }

/** What happened, for the scenario's `expect`. */
export interface RecordedRun {
  /** Blocks in dispatch order: [chain, number]. */
  blocks: [number, number][]
  decisions: Map<string, string[]>
  dispatch: Map<string, { blocks: number; logs: number; ok: number; errors: number; traps: number }>
  posts: { posts: number; accepted: number; rejected: number }
}

export class Recorder {
  private segment: Pending[] = []
  private readonly headers = new Map<string, BlockHeader>()
  private readonly logs: { chain: number; log: RawLog }[] = []
  readonly run: RecordedRun = {
    blocks: [],
    decisions: new Map(),
    dispatch: new Map(),
    posts: { posts: 0, accepted: 0, rejected: 0 },
  }
  private readonly written = new Set<string>()

  constructor(private readonly writer: CassetteWriter) {}

  readonly telemetry: Telemetry = { emit: (event) => this.observe(event) }

  header(chain: number, header: BlockHeader): void {
    this.headers.set(`${chain}:${header.number}`, header)
  }

  log(chain: number, log: RawLog): void {
    this.logs.push({ chain, log })
  }

  orderbook(exchange: CassetteOrderbookExchange): void {
    this.segment.push({ kind: 'orderbook', exchange })
    if (exchange.request.method === 'POST' && exchange.request.path === '/api/v1/orders') {
      this.run.posts.posts++
      if (exchange.response?.status === 201) this.run.posts.accepted++
      else if (exchange.response) this.run.posts.rejected++
    }
  }

  /** The engine's JSON-RPC, every answer and node error recorded (transport failures are not answers). */
  transports(inner: RpcTransports): RpcTransports {
    return {
      forChain: (chainId) => {
        const node = inner.forChain(chainId)
        if (!node) return undefined
        return {
          request: async (method, params, options) => {
            try {
              const result = await node.request(method, params, options)
              this.segment.push({ kind: 'rpc', chain: chainId, call: { method, params, result: result ?? null } })
              return result
            } catch (error) {
              if (error instanceof RpcError) {
                const e: CassetteRpc['error'] = { code: error.code, message: error.message }
                if (error.data !== undefined) e.data = error.data
                this.segment.push({ kind: 'rpc', chain: chainId, call: { method, params, error: e } })
              }
              throw error
            }
          },
        }
      },
    }
  }

  /** Writes what is still held (the end of the recording). */
  flushAll(): void {
    this.flushSegment()
  }

  private observe(event: EngineEvent): void {
    switch (event.type) {
      case 'dispatch': {
        const counts = this.run.dispatch.get(event.module) ?? { blocks: 0, logs: 0, ok: 0, errors: 0, traps: 0 }
        if (event.event === 'block') counts.blocks++
        else counts.logs++
        if (event.outcome === 'ok') counts.ok++
        else if (event.outcome === 'host-error') counts.errors++
        else counts.traps++
        this.run.dispatch.set(event.module, counts)
        this.writeBlock(event.chainId, event.number)
        if (event.event === 'logs') this.writeLogs(event.chainId, event.number)
        this.flushSegment()
        break
      }
      case 'module-init':
        this.flushSegment()
        break
      case 'decision': {
        const list = this.run.decisions.get(event.module) ?? []
        list.push(event.decision.decision)
        this.run.decisions.set(event.module, list)
        break
      }
    }
  }

  private writeBlock(chain: number, number: number): void {
    const key = `${chain}:${number}`
    const header = this.headers.get(key)
    if (!header || this.written.has(key)) return
    this.written.add(key)
    this.headers.delete(key)
    this.run.blocks.push([chain, number])
    this.writer.block(chain, header)
    // The block's logs that came with it, in log order.
    this.writeLogs(chain, number)
  }

  private writeLogs(chain: number, number: number): void {
    const mine = this.logs.filter((l) => l.chain === chain && l.log.blockNumber === number)
    if (!mine.length) return
    for (let i = this.logs.length - 1; i >= 0; i--) if (mine.includes(this.logs[i]!)) this.logs.splice(i, 1)
    mine.sort((a, b) => (a.log.logIndex ?? 0) - (b.log.logIndex ?? 0))
    for (const { log } of mine) this.writer.log(chain, log)
  }

  private flushSegment(): void {
    for (const p of this.segment) {
      if (p.kind === 'rpc') this.writer.rpc(p.chain, p.call)
      else this.writer.orderbook(p.exchange)
    }
    this.segment = []
  }
}
