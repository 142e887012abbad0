// The world's side of the engine's subscriptions. The engine opens block and log streams through
// the same SourceFactory the live engine uses over WebSocket; the runner pushes the script's
// blocks and logs into them, routed as a node routes them (logs by address and topic 0).
// Delivery order is open order, so the same script always reaches the engine the same way.
import { BaseError } from '../../engine/errors/base-error.js'
import type { BlockHeader, EventStream, LogFilter, RawLog, SourceFactory } from '../../engine/sources/source.js'
import type { StreamKind } from '../scenario/types.js'
import { ScriptedStream } from './scripted-stream.js'

/** An error item the script injected (`error:` step). */
export class ScriptedStreamError extends BaseError {
  override readonly name = 'ScriptedStreamError'
}

/** Opening a subscription the script made fail (`failOpen`). */
export class SubscriptionRefused extends BaseError {
  override readonly name = 'SubscriptionRefused'
}

/** Which streams a `drop` / `error` step targets; an absent key matches every stream. */
export interface StreamSelector {
  chain?: number | undefined
  /** Only log streams belong to a module; a block stream never matches a module selector. */
  module?: string | undefined
}

export interface OpenStreamInfo {
  /** Open order, from 0. */
  id: number
  kind: StreamKind
  chainId: number
  module?: string | undefined
  filter?: LogFilter | undefined
}

interface Subscription {
  info: OpenStreamInfo
  /** Lowercased filter, for routing. */
  address?: string | undefined
  topic0?: string | undefined
  stream: ScriptedStream<BlockHeader> | ScriptedStream<RawLog>
}

export class ScriptedSources implements SourceFactory {
  /** Every subscription ever opened, in open order (ended and closed ones stay, for the backlog). */
  readonly #subs: Subscription[] = []
  readonly #refusals = new Map<number, { reason: string; stream?: StreamKind | undefined }>()

  async openBlocks(chainId: number): Promise<EventStream<BlockHeader>> {
    this.#refuseIfTold(chainId, 'blocks')
    const stream = new ScriptedStream<BlockHeader>()
    this.#subs.push({ info: { id: this.#subs.length, kind: 'blocks', chainId }, stream })
    return stream
  }

  async openLogs(chainId: number, filter: LogFilter, module: string): Promise<EventStream<RawLog>> {
    this.#refuseIfTold(chainId, 'logs')
    const stream = new ScriptedStream<RawLog>()
    this.#subs.push({
      info: { id: this.#subs.length, kind: 'logs', chainId, module, filter: { ...filter } },
      address: filter.address?.toLowerCase(),
      topic0: filter.topic0?.toLowerCase(),
      stream,
    })
    return stream
  }

  /** A new head, to every open block stream of the chain. Returns how many streams took it. */
  emitBlock(chainId: number, header: BlockHeader): number {
    let delivered = 0
    for (const sub of this.#subs) {
      if (sub.info.kind !== 'blocks' || sub.info.chainId !== chainId) continue
      if ((sub.stream as ScriptedStream<BlockHeader>).push({ ok: true, value: { ...header } })) delivered++
    }
    return delivered
  }

  /** A log, to every open log stream of the chain whose filter matches it. Returns how many took it. */
  emitLog(chainId: number, log: RawLog): number {
    const address = log.address.toLowerCase()
    const topic0 = log.topics[0]?.toLowerCase()
    let delivered = 0
    for (const sub of this.#subs) {
      if (sub.info.kind !== 'logs' || sub.info.chainId !== chainId) continue
      if (!logMatches(sub, address, topic0)) continue
      const copy: RawLog = { ...log, topics: [...log.topics] }
      if ((sub.stream as ScriptedStream<RawLog>).push({ ok: true, value: copy })) delivered++
    }
    return delivered
  }

  /** Ends the matching open streams, as a closed WebSocket does. Returns how many ended. */
  drop(kind: StreamKind, selector: StreamSelector = {}): number {
    const matching = this.#select(kind, selector)
    for (const sub of matching) sub.stream.end()
    return matching.length
  }

  /** Yields one error item on each matching open stream. Returns how many took it. */
  errorItem(kind: StreamKind, selector: StreamSelector, message: string): number {
    const matching = this.#select(kind, selector)
    for (const sub of matching) sub.stream.push({ ok: false, error: new ScriptedStreamError(message) })
    return matching.length
  }

  /** From now on, opening a stream on `chainId` (of `stream` kind, or either) rejects with `reason`. */
  failOpen(chainId: number, reason: string, stream?: StreamKind): void {
    this.#refusals.set(chainId, { reason, stream })
  }

  /** Opening on `chainId` works again. */
  allowOpen(chainId: number): void {
    this.#refusals.delete(chainId)
  }

  /** The streams still open, in open order. */
  openStreams(): OpenStreamInfo[] {
    return this.#subs
      .filter((sub) => sub.stream.state === 'open')
      .map((sub) => ({ ...sub.info, filter: sub.info.filter && { ...sub.info.filter } }))
  }

  /** Items delivered but not yet read by the engine, over every stream (ended ones still draining included). */
  backlog(): number {
    let total = 0
    for (const sub of this.#subs) total += sub.stream.backlog
    return total
  }

  #select(kind: StreamKind, selector: StreamSelector): Subscription[] {
    return this.#subs.filter(
      (sub) =>
        sub.stream.state === 'open' &&
        sub.info.kind === kind &&
        (selector.chain === undefined || sub.info.chainId === selector.chain) &&
        (selector.module === undefined || sub.info.module === selector.module),
    )
  }

  #refuseIfTold(chainId: number, kind: StreamKind): void {
    const refusal = this.#refusals.get(chainId)
    if (refusal && (refusal.stream === undefined || refusal.stream === kind)) {
      throw new SubscriptionRefused(refusal.reason)
    }
  }
}

function logMatches(sub: Subscription, address: string, topic0: string | undefined): boolean {
  if (sub.address !== undefined && sub.address !== address) return false
  if (sub.topic0 !== undefined && sub.topic0 !== topic0) return false
  return true
}
