// The building blocks of the scenario schema (zod 4). Every schema here carries the phrase that
// completes "expected …" in an error message, so zod-issues.ts can report it as is.
import * as z from 'zod'
import { parseAmount, parseSignedInteger } from './amount.js'
import { COUNT_EXPECTED, parseCount } from './count-expect.js'
import { DELAY_EXPECTED, DURATION_EXPECTED, parseDelay, parseDuration } from './duration.js'
import { parseAddress, parseBytes32, parseHexBytes } from './hex-values.js'

/** A value accepted when `convert` maps it to something; `expected` names what it must be. */
export function converted<T>(expected: string, convert: (value: unknown) => T | undefined) {
  return z.unknown().transform((value, ctx): T => {
    const out = convert(value)
    if (out === undefined) {
      ctx.addIssue({ code: 'custom', message: expected, input: value })
      return z.NEVER
    }
    return out
  })
}

function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max ? v : undefined
}

export const uint = converted('a whole number >= 0', wholeNumber(0))
export const positiveInt = converted('a whole number >= 1', wholeNumber(1))
export const uint8 = converted('a whole number from 0 to 255', wholeNumber(0, 255))
export const uint32 = converted('a whole number from 0 to 4294967295', wholeNumber(0, 0xffff_ffff))
export const anyInt = converted('a whole number', wholeNumber(Number.MIN_SAFE_INTEGER))

/** Chain ids: a whole number > 0 (a decimal string is accepted too: YAML map keys are strings). */
export function parseChainId(value: unknown): number | undefined {
  if (typeof value === 'string' && /^[1-9][0-9]*$/.test(value)) return wholeNumber(1)(Number(value))
  return wholeNumber(1)(value)
}
export const CHAIN_ID_EXPECTED = 'a chain id (a whole number >= 1)'
export const chainId = converted(CHAIN_ID_EXPECTED, parseChainId)

export const address = converted('an address (0x + 40 hex digits)', parseAddress)
export const bytes32 = converted('a 32-byte hex value (0x + 64 hex digits)', parseBytes32)
export const hexBytes = converted('hex bytes (0x + an even number of hex digits)', parseHexBytes)
export const amount = converted('an amount (a whole number >= 0, plain or as a decimal string)', parseAmount)
export const signedInteger = converted('a whole number (plain or as a decimal string)', parseSignedInteger)
export const duration = converted(DURATION_EXPECTED, parseDuration)
/** A duration of more than zero. */
export const positiveDuration = converted('a duration above zero, such as 250ms or 5s', (value) => {
  const ms = parseDuration(value)
  return ms !== undefined && ms > 0 ? ms : undefined
})
export const delay = converted(DELAY_EXPECTED, parseDelay)
export const count = converted(COUNT_EXPECTED, parseCount)

export const text = z.string({ error: 'a string' })
export const nonEmptyText = z.string({ error: 'a string' }).min(1, { error: 'a non-empty string' })
export const bool = z.boolean({ error: 'true or false' })

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')}` })
}

export function listOf<T extends z.ZodType>(item: T) {
  return z.array(item, { error: 'a list' })
}

/** A YAML map with exactly these keys (all optional unless their schema requires them). */
export function strictMap<S extends z.ZodRawShape>(shape: S, what = 'a map') {
  const keys = Object.keys(shape)
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys')
        return keys.length === 0 ? 'no keys' : `one of the keys ${keys.join(', ')}`
      if (issue.code === 'invalid_type')
        return keys.length === 0 ? 'an empty map {}' : `${what} (keys: ${keys.join(', ')})`
      return undefined
    },
  })
}

/**
 * A YAML map whose keys are converted (addresses lowercased, chain ids to numbers) → Map, in
 * file order. Two keys that convert to the same value (an address in two cases) are an error.
 */
export function mapOf<K, S extends z.ZodType>(
  keyExpected: string,
  convertKey: (key: string) => K | undefined,
  value: S,
) {
  const validKey = z.string().refine((k) => convertKey(k) !== undefined, { error: `a key that is ${keyExpected}` })
  return z.record(validKey, value, { error: 'a map' }).transform((record, ctx) => {
    const out = new Map<K, z.output<S>>()
    const seen = new Map<K, string>()
    for (const [rawKey, v] of Object.entries(record) as [string, z.output<S>][]) {
      const key = convertKey(rawKey) as K
      const earlier = seen.get(key)
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `a key not given twice (the same as ${JSON.stringify(earlier)})`,
          input: rawKey,
          path: [rawKey],
        })
        continue
      }
      seen.set(key, rawKey)
      out.set(key, v)
    }
    return out
  })
}

/** Names (modules, store keys, methods) → Map, in file order. */
export function namedMapOf<S extends z.ZodType>(value: S) {
  return mapOf('a non-empty name', (k) => (k === '' ? undefined : k), value)
}

export const addressMapOf = <S extends z.ZodType>(value: S) =>
  mapOf('an address (0x + 40 hex digits)', parseAddress, value)

/**
 * Free-form JSON (RPC params and results, response bodies). Integers beyond 2^53 would lose
 * digits once serialised, so they must be written as strings.
 */
export const jsonValue = z.unknown().transform((value, ctx) => {
  const bad = findNonJson(value, [])
  if (bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'a JSON value (write integers beyond 2^53 and non-finite numbers as strings)',
      input: bad.value,
      path: bad.path,
    })
    return z.NEVER
  }
  return value
})

function findNonJson(value: unknown, path: PropertyKey[]): { path: PropertyKey[]; value: unknown } | undefined {
  if (typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value))) return { path, value }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = findNonJson(item, [...path, i])
      if (bad !== undefined) return bad
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, item] of Object.entries(value)) {
      const bad = findNonJson(item, [...path, k])
      if (bad !== undefined) return bad
    }
  }
  return undefined
}

/** `null` (an empty YAML value, as in `- restart:`) means the empty map. */
export function nullAsEmpty<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (v === null ? {} : v), schema)
}
