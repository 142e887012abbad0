// The fields of a recorded block, log and JSON-RPC answer, shared by both cassette versions (a
// version 1 file nests them under `chains`, a version 2 line adds `kind` and `chain`).
import * as z from 'zod'
import { address, bytes32, hexBytes, uint } from '../scenario/schema-primitives.js'

export const blockFields = { number: uint, hash: bytes32, timestamp: uint }

export const logFields = {
  address,
  topics: z.array(bytes32).max(4),
  data: hexBytes.default('0x'),
  blockNumber: uint,
  transactionHash: bytes32.optional(),
  logIndex: uint.optional(),
  removed: z.boolean().optional(),
}

export const rpcFields = {
  method: z.string().min(1),
  params: z.array(z.unknown()).default([]),
  result: z.unknown().optional(),
  error: z.strictObject({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
}

/** An answer is a result or an error, never both nor neither. */
export const ONE_OF_RESULT_OR_ERROR = [
  (r: { result?: unknown; error?: unknown }) => (r.result !== undefined) !== (r.error !== undefined),
  { message: 'exactly one of `result` or `error`' },
] as const
