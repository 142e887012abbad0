// Writes a version 2 cassette as the recording goes: one canonical line per record, straight to
// disk (nothing accumulates in memory but the keys of logs already written). The file appears
// under its name only when finished (`<file>.partial` until then), so an interrupted recording
// never leaves a cassette that looks whole.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { canonicalJson } from '../../engine/observe/canonical-json.js'
import type { BlockHeader, RawLog } from '../../engine/sources/source.js'
import { CASSETTE_V2 } from './cassette-v2.js'
import { orderbookKey, rpcKey } from './cassette-keys.js'
import type { CassetteOrderbookExchange, CassetteRpc } from './cassette.js'

export class CassetteWriter {
  private fd: number
  private records = 0
  private readonly logsSeen = new Set<string>()
  private readonly blocksSeen = new Set<string>()

  private constructor(
    readonly file: string,
    header: { source?: string | undefined; orderbook: boolean },
  ) {
    this.fd = openSync(this.partial, 'w')
    this.line({
      kind: 'cassette',
      version: CASSETTE_V2,
      orderbook: header.orderbook,
      recorded: { source: header.source },
    })
  }

  static open(file: string, header: { source?: string | undefined; orderbook: boolean }): CassetteWriter {
    return new CassetteWriter(file, header)
  }

  private get partial(): string {
    return `${this.file}.partial`
  }

  block(chain: number, header: BlockHeader): void {
    const key = `${chain}:${header.number}:${header.hash}`
    if (this.blocksSeen.has(key)) return
    this.blocksSeen.add(key)
    this.record({ kind: 'block', chain, number: header.number, hash: header.hash, timestamp: header.timestamp })
  }

  /** A log delivered on several subscriptions is written once (the replay routes it to each). */
  log(chain: number, log: RawLog): void {
    const key = `${chain}:${log.blockNumber}:${log.transactionHash}:${log.logIndex}:${log.removed === true}`
    if (this.logsSeen.has(key)) return
    this.logsSeen.add(key)
    this.record({ kind: 'log', chain, ...log, blockNumber: log.blockNumber ?? 0 })
  }

  rpc(chain: number, call: CassetteRpc): void {
    this.record({ kind: 'rpc', chain, key: rpcKey(call.method, call.params), ...call })
  }

  orderbook(x: CassetteOrderbookExchange): void {
    this.record({
      kind: 'orderbook',
      key: orderbookKey(x.chain, x.request.method, x.request.path, x.request.body),
      ...x,
    })
  }

  /** Writes the end record and gives the file its name. */
  finish(): void {
    this.line({ kind: 'end', records: this.records })
    closeSync(this.fd)
    this.fd = -1
    renameSync(this.partial, this.file)
  }

  /** Drops the partial file. */
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
    rmSync(this.partial, { force: true })
  }

  private record(value: Record<string, unknown>): void {
    this.line(value)
    this.records++
  }

  private line(value: unknown): void {
    const bytes = Buffer.from(`${canonicalJson(value)}\n`)
    let written = 0
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written)
  }
}
