// The judge's own reading of an orderbook policy file (policies/*.toml, docs/policies.md): the
// same data file the engine hands to modules, parsed here with smol-toml, checked against the
// format's JSON Schema (policies/policy.schema.json) and evaluated by this small evaluator. The
// SDK's classifier is never asked: the trace invariants, the fuzzer's model and `repro --policy`
// decide what a module should have done by this reading alone.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { TomlError, parse } from 'smol-toml'
import { ProblemError } from '../../engine/errors/problem.js'
import { DEFAULT_POLICY_FILE, SHIPPED_POLICY_DIR } from '../../engine/orderbook-policy/policy-files.js'
import { envelopeErrorType } from './orderbook-http.js'

export type PolicyAction = 'submitted' | 'already-submitted' | 'backoff' | 'try-next-block' | 'drop-on-repeat' | 'drop'
/** What a module ends up doing: drop-on-repeat resolves to one of these. */
export type PolicyDecision = 'submitted' | 'already-submitted' | 'backoff' | 'try-next-block' | 'drop'

export interface Outcome {
  action: PolicyAction
  seconds?: number
  retry_after?: boolean
  grace_blocks?: number
  note?: string
}

/** A row as the file writes it (snake_case keys, scalars or lists). */
export interface Row extends Outcome {
  status: number | string | (number | string)[]
  body?: 'envelope' | 'not-envelope'
  error_type?: string | string[]
}

export interface PolicyModel {
  name: string
  file: string
  rows: readonly Row[]
  otherwise: Outcome
}

export class PolicyFileError extends ProblemError {
  override name = 'PolicyFileError'
}

// Compiled on the first policy file read, not at import: every run imports the checker, and most
// read the default policy once from the cache below (issue 14: start-up loads only what it uses).
// `validateSchema: false`: the schema is the project's own file, checked against the JSON Schema
// 2020-12 meta-schema by its test; compiling that meta-schema cost every process ~0.1 s.
let compiled: ValidateFunction | undefined
export const POLICY_SCHEMA_FILE = join(SHIPPED_POLICY_DIR, 'policy.schema.json')
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: false, validateSchema: false }).compile(
    JSON.parse(readFileSync(POLICY_SCHEMA_FILE, 'utf8')) as object,
  )
  return compiled
}

/** Reads and checks a policy file; a problem is a PolicyFileError naming the key path. */
export function readPolicyFile(file: string): PolicyModel {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new PolicyFileError(
      { file, keyPath: '', expected: 'an orderbook policy file', found: 'nothing' },
      { cause: error },
    )
  }
  let doc: unknown
  try {
    doc = parse(text)
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    throw new PolicyFileError({
      file: `${file}:${error.line}:${error.column}`,
      keyPath: '',
      expected: 'valid TOML',
      found: 'a syntax error',
    })
  }
  const validate = validator()
  if (!validate(doc)) throw schemaProblem(file, doc, validate.errors ?? [])
  const policy = doc as { name: string; default: Outcome; rule?: Row[] }
  return { name: policy.name, file, rows: policy.rule ?? [], otherwise: policy.default }
}

/** The most specific schema error, as `<file>: rule[1].action: expected …, found …`. */
function schemaProblem(file: string, doc: unknown, errors: readonly ErrorObject[]): PolicyFileError {
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]
  const segments = (deepest?.instancePath ?? '').split('/').slice(1)
  let found: unknown = doc
  for (const s of segments) found = (found as Record<string, unknown> | undefined)?.[s]
  const keyPath = segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
  const allowed = (deepest?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues
  const expected = allowed ? `one of ${allowed.join(', ')}` : `a value that ${deepest?.message ?? 'fits the schema'}`
  return new PolicyFileError({
    file,
    keyPath,
    expected,
    found: found === undefined ? 'nothing' : JSON.stringify(found),
  })
}

const cache = new Map<string, PolicyModel>()

/** A policy file read once per process (the library runs hundreds of scenarios on the same one). */
export function policyModel(file: string = DEFAULT_POLICY_FILE): PolicyModel {
  let model = cache.get(file)
  if (model === undefined) {
    model = readPolicyFile(file)
    cache.set(file, model)
  }
  return model
}

/** The answer to a POST as the module saw it: `status: null` = no HTTP answer at all. */
export interface PolicyAnswer {
  status: number | null
  body?: string | undefined
  /** The Retry-After header's value, when the answer had one. */
  retryAfter?: string | null | undefined
}

/** For drop-on-repeat: this POST's block, and the block of the order's first such rejection. */
export interface RepeatState {
  block: number
  firstRejectedBlock?: number | undefined
}

export interface PolicyVerdict {
  /** The row's index, -1 = `[default]`. */
  row: number
  action: PolicyAction
  decision: PolicyDecision
  seconds?: number | undefined
  /** drop-on-repeat: the grace in blocks. */
  graceBlocks?: number | undefined
}

/** What the policy decides on an answer. Rows are tried in order; `[default]` takes the rest. */
export function policyVerdict(policy: PolicyModel, answer: PolicyAnswer, repeat?: RepeatState): PolicyVerdict {
  if (answer.status === 201) {
    const row = policy.rows.findIndex((r) => covers(r, 201, undefined))
    return { row, action: 'submitted', decision: 'submitted' }
  }
  const errorType =
    answer.body === undefined ? undefined : envelopeErrorType({ status: 0, headers: {}, body: answer.body })
  const row = policy.rows.findIndex((r) => covers(r, answer.status, errorType))
  const outcome = row === -1 ? policy.otherwise : (policy.rows[row] as Row)
  const verdict: PolicyVerdict = { row, action: outcome.action, decision: 'try-next-block' }
  switch (outcome.action) {
    case 'backoff': {
      const header = outcome.retry_after ? retryAfterSeconds(answer.retryAfter) : undefined
      verdict.decision = 'backoff'
      verdict.seconds = header ?? outcome.seconds
      break
    }
    case 'drop-on-repeat': {
      verdict.graceBlocks = outcome.grace_blocks ?? 1
      const first = repeat?.firstRejectedBlock
      if (repeat !== undefined && first !== undefined && repeat.block - first >= verdict.graceBlocks)
        verdict.decision = 'drop'
      break
    }
    case 'submitted':
    case 'already-submitted':
      // An error answer read as "the order is on the book".
      verdict.decision = 'already-submitted'
      break
    default:
      verdict.decision = outcome.action
  }
  return verdict
}

function covers(row: Row, status: number | null, errorType: string | undefined): boolean {
  const statuses = Array.isArray(row.status) ? row.status : [row.status]
  if (!statuses.some((s) => statusIs(s, status))) return false
  if (row.body === 'envelope' && errorType === undefined) return false
  if (row.body === 'not-envelope' && errorType !== undefined) return false
  if (row.error_type === undefined) return true
  const types = Array.isArray(row.error_type) ? row.error_type : [row.error_type]
  return errorType !== undefined && types.includes(errorType)
}

/** `transport`: no HTTP answer (or a code that is not an HTTP status). */
function statusIs(item: number | string, status: number | null): boolean {
  const http = status !== null && Number.isInteger(status) && status >= 100 && status <= 599
  if (item === 'transport') return !http
  if (!http) return false
  return typeof item === 'number' ? item === status : String(Math.floor(status / 100)) === item[0]
}

/** Whole delta-seconds only, at most a day (as the engine reads the header); anything else: none. */
function retryAfterSeconds(header: string | null | undefined): number | undefined {
  if (header === null || header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined
  return Math.min(Number(header), 86_400)
}

/** `default rule[16] (4xx TransferSimulationFailed) → try-next-block`, for humans. */
export function describeVerdict(policy: PolicyModel, v: PolicyVerdict): string {
  const row = v.row === -1 ? undefined : policy.rows[v.row]
  const where = row === undefined ? '[default] (anything unlisted)' : `rule[${v.row}] (${describeRow(row)})`
  const detail = v.seconds !== undefined ? ` ${v.seconds} s` : ''
  const grace = v.action === 'drop-on-repeat' ? ` (grace ${v.graceBlocks} blocks: ${v.decision})` : ''
  return `${policy.name} ${where} → ${v.action}${detail}${grace}`
}

function describeRow(row: Row): string {
  const list = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v])
  const types = row.error_type === undefined ? [] : list(row.error_type)
  const shown = types.length > 3 ? [...types.slice(0, 3), '…'] : types
  return [list(row.status).join('/'), row.body ?? '', shown.join(', ')].filter(Boolean).join(' ')
}
