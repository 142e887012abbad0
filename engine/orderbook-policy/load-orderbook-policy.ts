// A policy file (policies/*.toml, docs/policies.md) to a validated OrderbookPolicy. Strict as the
// engine's own configuration: unknown keys are errors, and every error names the file, the key
// path (`rule[3].action`: the row), what was expected and what was found; all are reported.
import { ConfigError, combineConfigErrors } from '../config/config-error.js'
import { describeValue } from '../config/describe-value.js'
import { parseTomlDocument } from '../config/parse-toml.js'
import { ParseCache } from '../config/parse-cache.js'
import { readConfigFile } from '../config/read-config-file.js'
import { deepFreeze } from './deep-freeze.js'
import {
  type OrderbookPolicy,
  POLICY_ACTIONS,
  type PolicyAction,
  type PolicyOutcome,
  type PolicyRule,
  type PolicyStatus,
} from '../module-api/orderbook-policy.js'

/** The longest backoff a row may ask for: a year (Node timers and stores stay exact). */
export const MAX_POLICY_SECONDS = 31_536_000
const MAX_GRACE_BLOCKS = 1_000_000

const STATUS = 'an HTTP status (100-599), a class ("1xx" … "5xx"), "transport", or a list of them'
const ERROR_TYPE = 'an errorType (a non-empty string) or a list of them'
const ACTION = `one of ${POLICY_ACTIONS.join(', ')}`
const SECONDS = `a whole number of seconds from 1 to ${MAX_POLICY_SECONDS}`
const GRACE = `a whole number of blocks from 1 to ${MAX_GRACE_BLOCKS}`
const CLASSES = new Set(['1xx', '2xx', '3xx', '4xx', '5xx', 'transport'])

const TOP_KEYS = new Set(['version', 'name', 'description', 'default', 'rule'])
const OUTCOME_KEYS = ['action', 'seconds', 'retry_after', 'grace_blocks', 'note']
const RULE_KEYS = new Set(['status', 'body', 'error_type', ...OUTCOME_KEYS])

/** Reads and validates a policy file; a missing file is a MissingConfigFileError. */
export async function loadOrderbookPolicyFile(path: string): Promise<OrderbookPolicy> {
  const text = await readConfigFile(path, 'an orderbook policy file (docs/policies.md)')
  // Deep-frozen: every boot can share one.
  return parsedPolicies.get(path, text, () => parseOrderbookPolicy(text, path))
}

const parsedPolicies = new ParseCache<OrderbookPolicy>()

export function parseOrderbookPolicy(text: string, file: string): OrderbookPolicy {
  return orderbookPolicyFromObject(parseTomlDocument(text, file), file)
}

export function orderbookPolicyFromObject(doc: Record<string, unknown>, file: string): OrderbookPolicy {
  const errors: ConfigError[] = []
  const problem = (keyPath: string, expected: string, found: unknown) =>
    errors.push(new ConfigError({ file, keyPath, expected, found: describeValue(found) }))

  for (const key of Object.keys(doc))
    if (!TOP_KEYS.has(key)) problem(key, `no such key (one of ${[...TOP_KEYS].join(', ')})`, doc[key])
  if (doc.version !== 1 && doc.version !== 1n) problem('version', 'the format version 1', doc.version)
  if (typeof doc.name !== 'string' || doc.name === '') problem('name', 'the policy name (a non-empty string)', doc.name)
  if (doc.description !== undefined && typeof doc.description !== 'string')
    problem('description', 'a string', doc.description)

  let otherwise: PolicyOutcome | undefined
  if (!isTable(doc.default)) problem('default', 'a table [default] with the action for unlisted answers', doc.default)
  else {
    for (const key of Object.keys(doc.default))
      if (!OUTCOME_KEYS.includes(key))
        problem(`default.${key}`, `no such key (one of ${OUTCOME_KEYS.join(', ')})`, doc.default[key])
    otherwise = readOutcome(doc.default, 'default', problem)
  }

  const rules: PolicyRule[] = []
  if (doc.rule !== undefined && !Array.isArray(doc.rule)) problem('rule', 'an array of [[rule]] tables', doc.rule)
  const written = Array.isArray(doc.rule) ? doc.rule : []
  written.forEach((row: unknown, i) => {
    const at = `rule[${i}]`
    if (!isTable(row)) {
      problem(at, 'a [[rule]] table', row)
      return
    }
    for (const key of Object.keys(row))
      if (!RULE_KEYS.has(key)) problem(`${at}.${key}`, `no such key (one of ${[...RULE_KEYS].join(', ')})`, row[key])
    const status = readStatus(row.status, `${at}.status`, problem)
    const body = row.body
    if (body !== undefined && body !== 'envelope' && body !== 'not-envelope')
      problem(`${at}.body`, '"envelope" or "not-envelope"', body)
    const errorTypes = readErrorTypes(row.error_type, `${at}.error_type`, problem)
    if (errorTypes !== undefined && body === 'not-envelope')
      problem(`${at}.body`, '"envelope" or nothing when the row names an error_type', body)
    const outcome = readOutcome(row, at, problem)
    if (status === undefined || outcome === undefined) return
    const rule: PolicyRule = { status, ...outcome }
    if (body === 'envelope' || body === 'not-envelope') rule.body = body
    if (errorTypes !== undefined) rule.errorTypes = errorTypes
    rules.push(rule)
  })

  if (errors.length > 0 || otherwise === undefined) throw combineConfigErrors(errors)
  return deepFreeze({ version: 1, name: doc.name as string, file, rules, otherwise })
}

type Report = (keyPath: string, expected: string, found: unknown) => void

function readOutcome(table: Record<string, unknown>, at: string, problem: Report): PolicyOutcome | undefined {
  const action = table.action
  if (typeof action !== 'string' || !(POLICY_ACTIONS as readonly string[]).includes(action)) {
    problem(`${at}.action`, ACTION, action)
    return undefined
  }
  const outcome: PolicyOutcome = { action: action as PolicyAction }
  const seconds = wholeNumber(table.seconds)
  if (action === 'backoff') {
    if (seconds === undefined || seconds < 1 || seconds > MAX_POLICY_SECONDS)
      problem(`${at}.seconds`, `${SECONDS} (a backoff needs it)`, table.seconds)
    else outcome.seconds = seconds
    if (table.retry_after !== undefined && typeof table.retry_after !== 'boolean')
      problem(`${at}.retry_after`, 'true or false', table.retry_after)
    else if (table.retry_after === true) outcome.retryAfter = true
  } else {
    if (table.seconds !== undefined) problem(`${at}.seconds`, 'nothing (only a backoff waits)', table.seconds)
    if (table.retry_after !== undefined)
      problem(`${at}.retry_after`, 'nothing (only a backoff reads Retry-After)', table.retry_after)
  }
  if (action === 'drop-on-repeat') {
    const grace = table.grace_blocks === undefined ? 1 : wholeNumber(table.grace_blocks)
    if (grace === undefined || grace < 1 || grace > MAX_GRACE_BLOCKS)
      problem(`${at}.grace_blocks`, GRACE, table.grace_blocks)
    else outcome.graceBlocks = grace
  } else if (table.grace_blocks !== undefined)
    problem(`${at}.grace_blocks`, 'nothing (only drop-on-repeat has a grace)', table.grace_blocks)
  if (table.note !== undefined && typeof table.note !== 'string') problem(`${at}.note`, 'a string', table.note)
  return outcome
}

function readStatus(value: unknown, at: string, problem: Report): PolicyStatus[] | undefined {
  const items = Array.isArray(value) ? value : [value]
  if (value === undefined || items.length === 0) {
    problem(at, STATUS, value)
    return undefined
  }
  const out: PolicyStatus[] = []
  items.forEach((item, i) => {
    const where = Array.isArray(value) ? `${at}[${i}]` : at
    const n = wholeNumber(item)
    if (n !== undefined && n >= 100 && n <= 599) out.push(n)
    else if (typeof item === 'string' && CLASSES.has(item)) out.push(item as PolicyStatus)
    else problem(where, STATUS, item)
  })
  return out.length === items.length ? out : undefined
}

function readErrorTypes(value: unknown, at: string, problem: Report): string[] | undefined {
  if (value === undefined) return undefined
  const items = Array.isArray(value) ? value : [value]
  if (items.length === 0 || items.some((t) => typeof t !== 'string' || t === '')) {
    problem(at, ERROR_TYPE, value)
    return undefined
  }
  return items as string[]
}

function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
