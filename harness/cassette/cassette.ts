// A cassette: recorded blocks, logs and JSON-RPC answers per chain, that back a scenario
// (`cassette:` in a scenario file). Format version 1, JSON:
//
//   { "version": 1,
//     "recorded": { "source": "wss://…(redacted)", "at": "2026-11-27T12:00:00Z" },   (optional)
//     "chains": { "11155111": {
//         "blocks": [ { "number": 7000000, "hash": "0x…", "timestamp": 1750000000 } ],
//         "logs":   [ { "address": "0x…", "topics": ["0x…"], "data": "0x…", "blockNumber": 7000000,
//                       "transactionHash": "0x…", "logIndex": 0, "removed": false } ],
//         "rpc":    [ { "method": "eth_call", "params": [ … ], "result": "0x…" },
//                     { "method": "eth_getBalance", "params": [ … ], "error": { "code": -32000, "message": "…" } } ] } } }
//
// See docs/decisions/0005-cassette-format.md for how the runner uses each part. Version 2 (JSON
// Lines, with recorded orderbook exchanges) is cassette-v2.ts; both load through loadCassetteFile.
import * as z from 'zod'
import type { Hex } from '../../engine/module-api/index.js'
import { ScenarioError, throwIfAny } from '../scenario/scenario-error.js'
import { chainId } from '../scenario/schema-primitives.js'
import { blockFields, logFields, ONE_OF_RESULT_OR_ERROR, rpcFields } from './cassette-records.js'
import { readInputFile } from '../scenario/read-input-file.js'
import { issuesToErrors, PARSE_PARAMS } from '../scenario/zod-issues.js'
import { looksLikeCassetteV2, parseCassetteV2 } from './cassette-v2.js'

export interface CassetteBlock {
  number: number
  hash: Hex
  timestamp: number
}

export interface CassetteLog {
  address: Hex
  topics: Hex[]
  data: Hex
  blockNumber: number
  transactionHash?: Hex | undefined
  logIndex?: number | undefined
  removed?: boolean | undefined
}

export interface CassetteRpc {
  method: string
  params: unknown[]
  result?: unknown
  error?: { code: number; message: string; data?: unknown } | undefined
}

export interface CassetteChain {
  blocks: CassetteBlock[]
  logs: CassetteLog[]
  rpc: CassetteRpc[]
  /**
   * Version 2: repeated requests are answered in recorded order (the last answer repeats);
   * version 1: the first recording of a request wins.
   */
  sequenced?: boolean | undefined
}

/** One recorded orderbook exchange (version 2). `response` null: no HTTP answer (`failure` says why). */
export interface CassetteOrderbookExchange {
  chain: number
  request: { method: string; path: string; body: string | null }
  response: { status: number; retryAfter: string | null; body: string } | null
  failure?: string | undefined
}

export interface Cassette {
  file: string
  version: 1 | 2
  /** Where it was recorded (scheme, host and port only). */
  source?: string | undefined
  chains: Map<number, CassetteChain>
  /** Present when the orderbook was recorded: the replay answers every orderbook request from it. */
  orderbook?: CassetteOrderbookExchange[] | undefined
}

const blockSchema = z.strictObject(blockFields)
const logSchema = z.strictObject(logFields)
const rpcSchema = z.strictObject(rpcFields).refine(...ONE_OF_RESULT_OR_ERROR)
const chainSchema = z.strictObject({
  blocks: z.array(blockSchema).default([]),
  logs: z.array(logSchema).default([]),
  rpc: z.array(rpcSchema).default([]),
})
const cassetteSchema = z.strictObject({
  version: z.literal(1, { error: 'version 1 (or a version 2 JSON Lines cassette)' }),
  recorded: z.strictObject({ source: z.string().optional(), at: z.string().optional() }).optional(),
  chains: z.record(z.string(), chainSchema),
})

export async function loadCassetteFile(file: string): Promise<Cassette> {
  return parseCassette(await readInputFile(file, 'cassette file'), file)
}

export function parseCassette(text: string, file: string): Cassette {
  if (looksLikeCassetteV2(text)) return parseCassetteV2(text, file)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new ScenarioError(file, '', 'a JSON cassette', `invalid JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  const parsed = cassetteSchema.safeParse(raw, PARSE_PARAMS)
  if (!parsed.success) throwIfAny(issuesToErrors(parsed.error.issues, file))
  const data = parsed.data!
  const errors: ScenarioError[] = []
  const chains = new Map<number, CassetteChain>()
  for (const [key, chain] of Object.entries(data.chains)) {
    const id = chainId.safeParse(key, PARSE_PARAMS)
    if (!id.success) {
      errors.push(new ScenarioError(file, `chains.${key}`, 'a chain id (a whole number >= 1)', JSON.stringify(key)))
      continue
    }
    chains.set(id.data, chain as CassetteChain)
  }
  throwIfAny(errors)
  return { file, version: 1, source: data.recorded?.source, chains }
}
