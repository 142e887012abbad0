// The SourceFactory for http(s):// chains: polling, as production engines do over HTTP
// (decision 0034). Per chain one poller: every interval `eth_blockNumber`; when the head moved,
// `eth_getLogs` once per log stream over the new range, then `eth_getBlockByNumber` block by
// block, pushing each header and that block's logs in block order. The cursor moves one block at
// a time, after the block was pushed, so every block is delivered once and in order, and a gap
// (the node jumped several blocks) is filled in order. A poll that fails is retried at the next
// tick; after `maxFailedPolls` failures in a row the chain's streams end, as a dropped WebSocket
// ends them, and the engine exits 3 for a restart.
import type { Clock } from '../clock/clock.js'
import { DEFAULT_LIMITS } from '../config/types.js'
import type { RpcTransport } from '../transport/rpc-transport.js'
import { describeError } from '../transport/viem-error-text.js'
import { ChannelStream } from './channel-stream.js'
import { logFilterParams, parseLogNotification, parseNewHead } from './ws-notifications.js'
import type { BlockHeader, EventStream, LogFilter, RawLog, SourceFactory } from './source.js'
import { SubscriptionOpenError } from './ws-sources.js'

export interface PolledChain {
  chainId: number
  /** Time between two `eth_blockNumber` polls. */
  intervalMs: number
  transport: RpcTransport
}

export interface PollingSourcesOptions {
  clock: Clock
  /** Failed polls in a row before the chain's streams end. Default 3. */
  maxFailedPolls?: number
  /** The widest block range of one `eth_getLogs` and of one poll round. Default 500. */
  maxRange?: number
  /**
   * Blocks a stream may hold for a lagging engine: while one holds this many, the poller polls
   * no further (nothing is dropped; the cursor waits, decision 0029). Default 128.
   */
  blockQueueMax?: number | undefined
  /** Told each head seen and each block delivered (metrics). */
  onHead?: ((chainId: number, head: number) => void) | undefined
}

export interface PollingSources extends SourceFactory {
  /** Ends every stream and stops every poller. */
  close(): void
}

interface LogSink {
  filter: LogFilter
  stream: ChannelStream<RawLog>
}

export function createPollingSources(chains: readonly PolledChain[], options: PollingSourcesOptions): PollingSources {
  const pollers = new Map<number, ChainPoller>()
  const configured = new Map(chains.map((c) => [c.chainId, c]))
  let closed = false

  const pollerFor = async (chainId: number, method: string): Promise<ChainPoller> => {
    const failed = (detail: string) => new SubscriptionOpenError(`rpc \`${method}\` failed: ${detail}`)
    if (closed) throw failed('sources are closed')
    const chain = configured.get(chainId)
    if (!chain) throw failed(`unknown chain ${chainId} (no engine.toml entry)`)
    let poller = pollers.get(chainId)
    if (!poller) {
      poller = new ChainPoller(chain, options, () => pollers.delete(chainId))
      pollers.set(chainId, poller)
    }
    try {
      await poller.start()
    } catch (error) {
      pollers.delete(chainId)
      throw failed(describeError(error))
    }
    return poller
  }

  return {
    async openBlocks(chainId): Promise<EventStream<BlockHeader>> {
      return (await pollerFor(chainId, 'eth_blockNumber')).addBlocks()
    },
    async openLogs(chainId, filter): Promise<EventStream<RawLog>> {
      return (await pollerFor(chainId, 'eth_blockNumber')).addLogs(filter)
    },
    close() {
      closed = true
      for (const poller of [...pollers.values()]) poller.stop()
    },
  }
}

class ChainPoller {
  private readonly blockSinks = new Set<ChannelStream<BlockHeader>>()
  private readonly logSinks = new Set<LogSink>()
  private readonly stopping = new AbortController()
  private starting: Promise<void> | undefined
  /** The last block delivered (or the head when the poller started). */
  private cursor = 0

  constructor(
    private readonly chain: PolledChain,
    private readonly options: PollingSourcesOptions,
    private readonly onStopped: () => void,
  ) {}

  /** Reads the head once (failing the open if the node cannot answer), then polls in the background. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.cursor = await this.blockNumber()
      this.options.onHead?.(this.chain.chainId, this.cursor)
      void this.loop()
    })()
    return this.starting
  }

  addBlocks(): ChannelStream<BlockHeader> {
    const stream: ChannelStream<BlockHeader> = new ChannelStream(() =>
      this.remove(() => this.blockSinks.delete(stream)),
    )
    this.blockSinks.add(stream)
    return stream
  }

  addLogs(filter: LogFilter): ChannelStream<RawLog> {
    const sink: LogSink = { filter, stream: new ChannelStream(() => this.remove(() => this.logSinks.delete(sink))) }
    this.logSinks.add(sink)
    return sink.stream
  }

  stop(): void {
    if (this.stopping.signal.aborted) return
    this.stopping.abort()
    for (const s of [...this.blockSinks]) s.end()
    for (const s of [...this.logSinks]) s.stream.end()
    this.blockSinks.clear()
    this.logSinks.clear()
    this.onStopped()
  }

  private remove(drop: () => void): void {
    drop()
    if (this.blockSinks.size === 0 && this.logSinks.size === 0) this.stop()
  }

  private async loop(): Promise<void> {
    const maxFailed = this.options.maxFailedPolls ?? 3
    let failed = 0
    let behind = false
    while (!this.stopping.signal.aborted) {
      // A node far ahead is caught up round after round without waiting in between.
      if (!behind) {
        try {
          await this.options.clock.sleep(this.chain.intervalMs, {
            signal: this.stopping.signal,
            label: `poll chain ${this.chain.chainId}`,
          })
        } catch {
          return // stopped
        }
      }
      try {
        behind = await this.pollOnce()
        failed = 0
      } catch (error) {
        if (this.stopping.signal.aborted) return
        behind = false
        failed++
        const detail = new Error(
          `poll chain ${this.chain.chainId} failed (${failed} of ${maxFailed} in a row): ${describeError(error)}`,
        )
        // One error item per failed poll, on one stream, so the loop logs it once.
        const [first] = this.blockSinks
        if (first) first.pushError(detail)
        else [...this.logSinks][0]?.stream.pushError(detail)
        if (failed >= maxFailed) {
          this.stop()
          return
        }
      }
    }
  }

  /** One round; true when the node is still ahead after it (the next round starts at once). */
  private async pollOnce(): Promise<boolean> {
    // Backpressure: polling pulls, so a lagging engine is simply not fed past its queue bound.
    const max = this.options.blockQueueMax ?? DEFAULT_LIMITS.blockQueueMax
    const backlog = Math.max(
      0,
      ...[...this.blockSinks].map((s) => s.size),
      ...[...this.logSinks].map((s) => s.stream.size),
    )
    if (backlog >= max) return false
    const head = await this.blockNumber()
    this.options.onHead?.(this.chain.chainId, head)
    if (head <= this.cursor) return false
    const from = this.cursor + 1
    const to = Math.min(head, this.cursor + (this.options.maxRange ?? 500), this.cursor + Math.max(1, max - backlog))
    const logsBySink = new Map<LogSink, RawLog[]>()
    for (const sink of [...this.logSinks]) logsBySink.set(sink, await this.getLogs(sink.filter, from, to))
    for (let n = from; n <= to; n++) {
      const header = parseNewHead(await this.request('eth_getBlockByNumber', [hex(n), false]))
      if (header.number !== n) throw new Error(`eth_getBlockByNumber(${n}) answered block ${header.number}`)
      if (this.stopping.signal.aborted) return false
      for (const sink of this.blockSinks) sink.push(header)
      for (const [sink, logs] of logsBySink)
        for (const log of logs) if (log.blockNumber === n && this.logSinks.has(sink)) sink.stream.push(log)
      this.cursor = n
    }
    return to < head
  }

  private async getLogs(filter: LogFilter, from: number, to: number): Promise<RawLog[]> {
    const result = await this.request('eth_getLogs', [
      { ...logFilterParams(filter), fromBlock: hex(from), toBlock: hex(to) },
    ])
    if (!Array.isArray(result)) throw new Error(`eth_getLogs: expected an array, found ${typeof result}`)
    return result
      .map(parseLogNotification)
      .filter((log) => !log.removed)
      .sort((a, b) => (a.blockNumber ?? 0) - (b.blockNumber ?? 0) || (a.logIndex ?? 0) - (b.logIndex ?? 0))
  }

  private async blockNumber(): Promise<number> {
    const result = await this.request('eth_blockNumber', [])
    if (typeof result !== 'string' || !/^0x[0-9a-f]+$/i.test(result))
      throw new Error(`eth_blockNumber: expected a hex quantity, found ${JSON.stringify(result)}`)
    return Number.parseInt(result, 16)
  }

  private request(method: string, params: unknown[]): Promise<unknown> {
    if (this.stopping.signal.aborted) return Promise.reject(new Error('the poller is stopped'))
    return this.chain.transport.request(method, params, { signal: this.stopping.signal })
  }
}

function hex(n: number): string {
  return `0x${n.toString(16)}`
}
