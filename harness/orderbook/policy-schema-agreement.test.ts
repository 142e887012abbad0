// The generated policy-schema validator (decision 0236) answers exactly as Ajv2020 compiling
// policies/policy.schema.json at run time: the same verdict and error objects on every policy file
// the repository holds and on generated documents, and readPolicyFile gives the same model or the
// same PolicyFileError text either way.
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { stringify } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { SHIPPED_POLICY_DIR } from '../../engine/orderbook-policy/policy-files.js'
import { projectPath } from '../../engine/project/package-root.js'
import { tempDir } from '../../test/support/temp-dir.js'
import { validate as generated } from './generated/policy-schema-validator.js'
import { type PolicyModel, readPolicyFile } from './policy-model.js'
import { compileReferencePolicyValidator } from './standalone-validators.js'

const reference = compileReferencePolicyValidator()

function expectSameVerdict(doc: unknown): boolean {
  const verdict = generated(doc)
  const errors = generated.errors
  expect({ verdict, errors }).toStrictEqual({ verdict: reference(doc), errors: reference.errors })
  return verdict
}

/** readPolicyFile's answer, a model or the error's text. */
function readWith(file: string, validate: typeof generated): PolicyModel | string {
  try {
    return readPolicyFile(file, validate)
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`
  }
}

function expectSameReading(file: string): PolicyModel | string {
  const read = readWith(file, generated)
  expect(read).toStrictEqual(readWith(file, reference))
  return read
}

const tomlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.toml'))
    .map((f) => join(dir, f))

/** Outcomes the schema accepts: `seconds` only with backoff, `grace_blocks` only with drop-on-repeat. */
const validOutcome = fc.oneof(
  fc.record(
    { action: fc.constantFrom('submitted', 'already-submitted', 'try-next-block', 'drop'), note: fc.string() },
    { requiredKeys: ['action'] },
  ),
  fc.record(
    {
      action: fc.constant('backoff'),
      seconds: fc.integer({ min: 1, max: 31_536_000 }),
      retry_after: fc.boolean(),
      note: fc.string(),
    },
    { requiredKeys: ['action', 'seconds'] },
  ),
  fc.record(
    { action: fc.constant('drop-on-repeat'), grace_blocks: fc.integer({ min: 1, max: 1_000_000 }) },
    { requiredKeys: ['action'] },
  ),
)

const status = fc.oneof(
  fc.integer({ min: 100, max: 599 }),
  fc.constantFrom('1xx', '2xx', '3xx', '4xx', '5xx', 'transport'),
)
const oneOrMore = <T>(item: fc.Arbitrary<T>) => fc.oneof(item, fc.array(item, { minLength: 1, maxLength: 3 }))

const validRow = fc
  .tuple(
    validOutcome,
    fc.record(
      {
        status: oneOrMore(status),
        body: fc.constantFrom('envelope', 'not-envelope'),
        error_type: oneOrMore(fc.oneof(fc.constantFrom('NoLiquidity', 'InsufficientFee'), fc.string({ minLength: 1 }))),
      },
      { requiredKeys: ['status'] },
    ),
  )
  .map(([o, r]) => ({ ...o, ...r }))
  .filter((r) => !(r.body === 'not-envelope' && r.error_type !== undefined))

/** Policy documents the schema accepts. */
const validPolicy = fc.record(
  {
    version: fc.constant(1),
    name: fc.string({ minLength: 1 }),
    description: fc.string(),
    default: validOutcome,
    rule: fc.array(validRow, { maxLength: 4 }),
  },
  { requiredKeys: ['version', 'name', 'default'] },
)

/** Values TOML can hold (no null), odd ones included. */
const tomlValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(0, -1, 600, 1_000_001, 31_536_001, '', 'backoff', 'transport', '6xx', 'not-envelope'),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
)
/** Any JSON value, for documents that never become TOML. */
const jsonValue = fc.oneof(tomlValue, fc.jsonValue({ maxDepth: 3 }))

const KEYS = ['version', 'name', 'description', 'default', 'rule', 'action', 'seconds', 'retry_after']
const key = fc.oneof(
  fc.constantFrom(...KEYS, 'grace_blocks', 'note', 'status', 'body', 'error_type', '__proto__', 'constructor'),
  fc.string({ maxLength: 8 }),
)

/** Deletes, replaces or adds a key in one of the document's tables (the top, `default`, a rule). */
function broken(values: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const edit = fc.record({ table: fc.nat(), op: fc.constantFrom('delete', 'set'), key, value: values })
  return fc.tuple(validPolicy, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([policy, edits]) => {
    const doc = structuredClone(policy) as Record<string, unknown>
    for (const e of edits) {
      const tables = [doc, doc.default, ...(Array.isArray(doc.rule) ? doc.rule : [])].filter(
        (t): t is Record<string, unknown> => typeof t === 'object' && t !== null && !Array.isArray(t),
      )
      const table = tables[e.table % tables.length] as Record<string, unknown>
      if (e.op === 'delete') delete table[e.key]
      else Object.defineProperty(table, e.key, { value: e.value, enumerable: true, writable: true, configurable: true })
    }
    return doc
  })
}

describe('the generated policy-schema validator agrees with Ajv2020 at run time', () => {
  it('on every policy file the repository holds (shipped and the library’s), read the same way', () => {
    const files = [...tomlFiles(SHIPPED_POLICY_DIR), ...tomlFiles(projectPath('scenarios', 'policies', 'files'))]
    expect(files.length).toBeGreaterThanOrEqual(4)
    const readings = files.map(expectSameReading)
    // The shipped ones are valid; the library's unknown-action.toml is not.
    expect(readings.filter((r) => typeof r === 'string')).toEqual([
      expect.stringMatching(/^PolicyFileError: .*unknown-action\.toml: /),
    ])
  })

  it('on generated documents, valid and broken: the same verdict and errors', () => {
    fc.assert(
      fc.property(validPolicy, (doc) => {
        expect(expectSameVerdict(doc), JSON.stringify(generated.errors)).toBe(true)
      }),
      { numRuns: 300 },
    )
    let invalid = 0
    fc.assert(
      fc.property(broken(jsonValue), (doc) => {
        if (!expectSameVerdict(doc)) invalid++
      }),
      { numRuns: 1_000 },
    )
    expect(invalid).toBeGreaterThan(500)
  })

  it('on generated documents written as TOML files: the same model or PolicyFileError text', () => {
    const file = join(tempDir('nexum-policy-agreement-'), 'policy.toml')
    fc.assert(
      fc.property(fc.oneof(validPolicy, broken(tomlValue)), (doc) => {
        writeFileSync(file, stringify(doc))
        expectSameReading(file)
      }),
      { numRuns: 200 },
    )
  })

  it('on malformed files written by hand', () => {
    const dir = tempDir('nexum-policy-agreement-')
    const cases = [
      'version = 1\nname = "b"\n[default]\naction = "drop"\n[[rule]]\nstatus = 404\naction = "retry"\n',
      'version = 1\nname = "b"\n[default]\naction = "backoff"\n',
      'version = 1\nname = ""\n[default]\naction = "drop"\n',
      'version = 2\nname = "b"\n[default]\naction = "drop"\n',
      'name = "b"\n[default]\naction = "drop"\n',
      'version = 1\nname = "b"\n[default]\naction = "drop"\nseconds = 5\n',
      'version = 1\nname = "b"\n[default]\naction = "drop"\n[[rule]]\nstatus = [404, "6xx"]\naction = "drop"\n',
      'version = 1\nname = "b"\n[default]\naction = "drop"\n[[rule]]\nstatus = 400\nbody = "not-envelope"\nerror_type = "X"\naction = "drop"\n',
      'version = 1\nname = "b"\n[default]\naction = "drop-on-repeat"\ngrace_blocks = 0\n',
      'version = 1\nname = "b"\n[default]\naction = "drop"\n[[rule]]\nstatus = 400\naction = "drop"\nerror_type = []\n',
      'version = 1\nname = "b"\nextra = "key"\n[default]\naction = "drop"\n',
      `version = 1\nname = "${'\\u0000'.repeat(3)}\\ud7ff"\n[default]\naction = "drop"\nnote = "${'x'.repeat(100_000)}"\n`,
      'version = 1\nname = "b"\n[default]\naction = "drop"\n[[rule]]\naction = "drop"\n',
    ]
    cases.forEach((text, i) => {
      const file = join(dir, `case-${i}.toml`)
      writeFileSync(file, text)
      expectSameReading(file)
    })
  })
})
