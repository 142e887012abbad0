// Cassette format version 2: JSON Lines, written by `nexum-sim record` as the run goes (a day of
// blocks is never held in memory) and by `nexum-sim repro`. One canonical JSON object per line:
//
//   {"kind":"cassette","orderbook":true,"recorded":{"source":"wss://host:port"},"version":2}
//   {"chain":11155111,"hash":"0x…","kind":"block","number":7000001,"timestamp":1750000012}
//   {"address":"0x…","blockNumber":7000001,"chain":11155111,"data":"0x","kind":"log",…}
//   {"chain":11155111,"key":"eth_call […]","kind":"rpc","method":"eth_call","params":[…],"result":"0x…"}
//   {"chain":11155111,"key":"11155111 POST /api/v1/orders sha256:…","kind":"orderbook",
//    "request":{"body":"{…}","method":"POST","path":"/api/v1/orders"},
//    "response":{"body":"{…}","retryAfter":null,"status":400}}
//   {"kind":"end","records":4}
//
// The end record makes a truncated file (a recorder killed mid-run, a cut download) detectable:
// a file without it, a line that is not JSON or not one of these shapes, is refused with the line
// number and the reason. docs/decisions/0150-cassette-v2-json-lines.md says why.
import * as z from 'zod'
import { ScenarioError, throwIfAny } from '../scenario/scenario-error.js'
import { chainId, uint } from '../scenario/schema-primitives.js'
import { blockFields, logFields, ONE_OF_RESULT_OR_ERROR, rpcFields } from './cassette-records.js'
import { issuesToErrors, PARSE_PARAMS } from '../scenario/zod-issues.js'
import type { Cassette, CassetteChain, CassetteOrderbookExchange } from './cassette.js'

export const CASSETTE_V2 = 2

const header = z.strictObject({
  kind: z.literal('cassette'),
  version: z.literal(CASSETTE_V2),
  recorded: z.strictObject({ source: z.string().optional() }).optional(),
  orderbook: z.boolean().default(false),
})

const line = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('block'), chain: chainId, ...blockFields }),
  z.strictObject({ kind: z.literal('log'), chain: chainId, ...logFields }),
  z
    .strictObject({ kind: z.literal('rpc'), chain: chainId, key: z.string().optional(), ...rpcFields })
    .refine(...ONE_OF_RESULT_OR_ERROR),
  z.strictObject({
    kind: z.literal('orderbook'),
    chain: chainId,
    key: z.string().optional(),
    request: z.strictObject({
      method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
      path: z.string().startsWith('/'),
      body: z.string().nullable().default(null),
    }),
    response: z
      .strictObject({
        status: z.number().int().min(200).max(599),
        retryAfter: z.string().nullable().default(null),
        body: z.string().default(''),
      })
      .nullable(),
    failure: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('end'), records: uint }),
])

/** Whether a cassette text is version 2 (JSON Lines opening with the cassette header). */
export function looksLikeCassetteV2(text: string): boolean {
  return /^\s*\{[^\n]*"kind"\s*:\s*"cassette"/.test(text)
}

export function parseCassetteV2(text: string, file: string): Cassette {
  const lines = text.split('\n')
  const errors: ScenarioError[] = []
  const at = (n: number) => `line ${n}`
  if (lines.at(-1) !== '') {
    // The last line has no newline: the writer stopped mid-line.
    throw new ScenarioError(
      file,
      at(lines.length),
      'a complete line ending with a newline',
      'a torn last line (truncated file)',
    )
  }
  lines.pop()
  const chains = new Map<number, CassetteChain>()
  const chain = (id: number): CassetteChain => {
    let c = chains.get(id)
    if (!c) {
      c = { blocks: [], logs: [], rpc: [], sequenced: true }
      chains.set(id, c)
    }
    return c
  }
  let orderbook: CassetteOrderbookExchange[] | undefined
  let source: string | undefined
  let records = 0
  let ended = false
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1
    let raw: unknown
    try {
      raw = JSON.parse(lines[i] as string)
    } catch (e) {
      errors.push(
        new ScenarioError(
          file,
          at(n),
          'one JSON object',
          `invalid JSON (${e instanceof Error ? e.message : String(e)})`,
        ),
      )
      continue
    }
    if (i === 0) {
      const h = header.safeParse(raw, PARSE_PARAMS)
      if (!h.success) {
        errors.push(...issuesToErrors(h.error.issues, file, [at(n)]))
        break
      }
      source = h.data.recorded?.source
      if (h.data.orderbook) orderbook = []
      continue
    }
    if (ended) {
      errors.push(
        new ScenarioError(
          file,
          at(n),
          'nothing after the end record',
          JSON.stringify((raw as { kind?: unknown })?.kind ?? raw),
        ),
      )
      break
    }
    const parsed = line.safeParse(raw, PARSE_PARAMS)
    if (!parsed.success) {
      errors.push(...issuesToErrors(parsed.error.issues, file, [at(n)]))
      continue
    }
    const r = parsed.data
    switch (r.kind) {
      case 'end':
        ended = true
        if (r.records !== records)
          errors.push(
            new ScenarioError(file, `${at(n)}.records`, `${records} (the records above it)`, String(r.records)),
          )
        continue
      case 'block':
        chain(r.chain).blocks.push({ number: r.number, hash: r.hash, timestamp: r.timestamp })
        break
      case 'log': {
        const { kind: _k, chain: id, ...log } = r
        chain(id).logs.push(log)
        break
      }
      case 'rpc':
        chain(r.chain).rpc.push(
          r.error
            ? { method: r.method, params: r.params, error: r.error }
            : { method: r.method, params: r.params, result: r.result },
        )
        break
      case 'orderbook':
        if (orderbook === undefined) {
          errors.push(
            new ScenarioError(
              file,
              at(n),
              'no orderbook record (the header says the orderbook was not recorded)',
              'one',
            ),
          )
          continue
        }
        orderbook.push({ chain: r.chain, request: r.request, response: r.response, failure: r.failure })
        break
    }
    records++
  }
  if (!ended && errors.length === 0)
    errors.push(
      new ScenarioError(
        file,
        at(lines.length + 1),
        'the end record {"kind":"end",…}',
        'the end of the file (truncated?)',
      ),
    )
  throwIfAny(errors)
  return { file, version: 2, source, chains, orderbook }
}
