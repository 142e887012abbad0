// Full app-data documents by their keccak hash, per chain, as the orderbook keeps them:
// registered by PUT /api/v1/app_data[/{hash}] and by every accepted order that carried its
// full appData. `{}` is known from the start (the empty document every client may use).
import type { Hex } from '../../engine/module-api/index.js'
import { EMPTY_APP_DATA_HASH, EMPTY_APP_DATA_JSON, appDataHash } from './app-data-hash.js'

/** The server's default `app_data_size_limit`. */
export const APP_DATA_SIZE_LIMIT = 8192

export type RegisterOutcome =
  | { kind: 'new'; hash: Hex }
  | { kind: 'existing'; hash: Hex }
  | { kind: 'invalid'; reason: string }
  | { kind: 'hash-mismatch'; computed: Hex; expected: Hex }

/**
 * Why the server would refuse this document, or undefined when it is acceptable: it must be a
 * JSON object (the server decodes it into its app-data `Root` struct) within the size limit.
 */
export function appDataProblem(full: string): string | undefined {
  const size = new TextEncoder().encode(full).length
  if (size > APP_DATA_SIZE_LIMIT)
    return `app data has byte size ${size} which is larger than limit ${APP_DATA_SIZE_LIMIT}`
  let value: unknown
  try {
    value = JSON.parse(full)
  } catch (error) {
    return `app data is not valid JSON: ${(error as Error).message}`
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `invalid type: ${value === null ? 'null' : Array.isArray(value) ? 'sequence' : typeof value}, expected struct Root`
  }
  return undefined
}

export class AppDataRegistry {
  private readonly documents = new Map<Hex, string>([[EMPTY_APP_DATA_HASH, EMPTY_APP_DATA_JSON]])

  get(hash: Hex): string | undefined {
    return this.documents.get(hash.toLowerCase() as Hex)
  }

  /** Keeps a document whose hash the caller has already computed and checked (an accepted order's). */
  remember(hash: Hex, full: string): void {
    const key = hash.toLowerCase() as Hex
    if (!this.documents.has(key)) this.documents.set(key, full)
  }

  /** Registers `full`; when `expected` is given, it must be the document's hash. */
  register(full: string, expected?: Hex): RegisterOutcome {
    const problem = appDataProblem(full)
    if (problem !== undefined) return { kind: 'invalid', reason: problem }
    const hash = appDataHash(full)
    if (expected !== undefined && expected.toLowerCase() !== hash) {
      return { kind: 'hash-mismatch', computed: hash, expected: expected.toLowerCase() as Hex }
    }
    if (this.documents.has(hash)) return { kind: 'existing', hash }
    this.documents.set(hash, full)
    return { kind: 'new', hash }
  }
}
