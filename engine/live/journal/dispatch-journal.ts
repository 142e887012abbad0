// Assembles journal records from what the live engine does: the orderbook exchanges its fetch
// carries, the block headers its sources deliver, and the telemetry of each dispatch (the module's
// chain calls, its cow-api calls, its decisions, then the dispatch's end). Dispatch is sequential,
// so everything between two `dispatch` (or `module-init`) events belongs to the one that ends it.
// No clock, no I/O: records go to `write` (the journal file in the live world).
import type { ChainConfig } from '../../config/types.js'
import { orderbookRoute } from '../../host/orderbook-base-url.js'
import type { EngineEvent, Telemetry } from '../../observe/telemetry.js'
import type { BlockHeader, SourceFactory } from '../../sources/source.js'
import type { FetchFn } from '../../world.js'
import { capturedFetch } from './captured-fetch.js'
import {
  type JournalDecision,
  type JournalRecord,
  type JournalRpcCall,
  JOURNAL_FORMAT_VERSION,
  journalBody,
} from './journal-record.js'
import { observedSources } from './observed-sources.js'

/** Block headers remembered per chain to stamp a dispatch with its block's hash and timestamp. */
const HEADERS_KEPT = 256

interface PendingExchange {
  chain: number
  method: string
  path: string
  body: string | undefined
  response?: JournalRecord['response']
  failure?: string
  decision?: JournalDecision
}

export interface DispatchJournal {
  telemetry: Telemetry
  wrapFetch(inner: FetchFn): FetchFn
  wrapSources(inner: SourceFactory): SourceFactory
}

export function createDispatchJournal(
  chains: readonly ChainConfig[],
  write: (record: JournalRecord) => void,
): DispatchJournal {
  const headers = new Map<number, Map<number, BlockHeader>>()
  let exchanges: PendingExchange[] = []
  let calls: JournalRpcCall[] = []

  const route = (url: string) => orderbookRoute(url, chains)

  const flush = (context: { module: string; event: JournalRecord['event']; chainId?: number; number?: number }) => {
    for (const x of exchanges) {
      const chain = context.chainId ?? x.chain
      let block: JournalRecord['block'] = null
      if (context.number !== undefined) {
        const header = headers.get(chain)?.get(context.number)
        block = { number: context.number, hash: header?.hash ?? null, timestamp: header?.timestamp ?? null }
      }
      write({
        v: JOURNAL_FORMAT_VERSION,
        chain: x.chain || chain,
        event: context.event,
        block,
        module: context.module,
        request: { method: x.method, path: x.path, body: x.body === undefined ? null : journalBody(x.body) },
        response: x.response ?? null,
        failure: x.response ? undefined : (x.failure ?? 'no answer before the dispatch ended'),
        decision: x.decision ?? null,
        rpc: calls,
      })
    }
    exchanges = []
    calls = []
  }

  const observe = (event: EngineEvent) => {
    switch (event.type) {
      case 'host-call':
        if (event.host === 'chain') calls.push(...rpcCalls(event))
        else if (event.host === 'cow-api' && !event.ok) {
          const last = exchanges.at(-1)
          if (last && !last.response && last.failure === undefined) last.failure = event.error?.message
        }
        break
      case 'decision': {
        const last = exchanges.at(-1)
        if (last && last.decision === undefined) last.decision = { ...event.decision }
        break
      }
      case 'dispatch':
        flush({ module: event.module, event: event.event, chainId: event.chainId, number: event.number })
        break
      case 'module-init':
        flush({ module: event.module, event: 'init' })
        break
    }
  }

  return {
    telemetry: { emit: observe },
    wrapFetch: (inner) =>
      capturedFetch(inner, {
        request(request) {
          const x: PendingExchange = { ...route(request.url), method: request.method, body: request.body }
          exchanges.push(x)
          return {
            answered(answer) {
              x.response = {
                status: answer.status,
                retryAfter: answer.retryAfter ?? null,
                body: journalBody(answer.body),
              }
            },
            failed(error) {
              x.failure ??= error instanceof Error ? error.message : String(error)
            },
          }
        },
      }),
    wrapSources: (inner) =>
      observedSources(inner, {
        block(chainId, header) {
          let seen = headers.get(chainId)
          if (!seen) {
            seen = new Map()
            headers.set(chainId, seen)
          }
          seen.set(header.number, header)
          if (seen.size > HEADERS_KEPT) seen.delete(seen.keys().next().value as number)
        },
      }),
  }
}

type HostCall = Extract<EngineEvent, { type: 'host-call' }>

/** A `chain` host call as the JSON-RPC exchanges it made (a batch is several). */
export function rpcCalls(event: HostCall): JournalRpcCall[] {
  if (event.method === 'request') {
    const [, method, params] = event.args as [number, string, string]
    return [
      answered(
        String(method),
        parseJson(params),
        event.ok ? { ok: true, value: event.result } : { ok: false, error: event.error },
      ),
    ]
  }
  if (event.method === 'requestBatch' && event.ok) {
    const [, requests] = event.args as [number, { method: string; params: string }[]]
    const results = event.result as ({ ok: true; value: string } | { ok: false; error: HostCall['error'] })[]
    return requests.map((r, i) => {
      const entry = results[i]
      return answered(
        r.method,
        parseJson(r.params),
        entry?.ok ? { ok: true, value: entry.value } : { ok: false, error: entry?.error },
      )
    })
  }
  return []
}

function answered(
  method: string,
  params: unknown,
  outcome: { ok: true; value: unknown } | { ok: false; error: HostCall['error'] },
): JournalRpcCall {
  const call: JournalRpcCall = { method, params: Array.isArray(params) ? params : [] }
  if (outcome.ok) call.result = typeof outcome.value === 'string' ? parseJson(outcome.value) : outcome.value
  else {
    const e = outcome.error
    call.error = { code: e?.code ?? 0, message: e?.message ?? 'unknown error' }
    if (e?.data !== undefined) call.error.data = e.data
  }
  return call
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
