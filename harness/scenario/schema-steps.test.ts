import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzCaseArb } from '../fuzz/arbitraries.js'
import { predict } from '../fuzz/model/predict.js'
import { scenarioObject } from '../fuzz/to-scenario.js'
import { parseBodyAfresh, STEP_NAMES, type StepName, step } from './schema-steps.js'
import { PARSE_PARAMS } from './zod-issues.js'

/** What `step` must give for a raw step: its body through the schema itself, never remembered. */
function fresh(raw: unknown): { success: boolean; data?: unknown } | undefined {
  const [kind, ...more] = Object.keys(raw as object)
  if (more.length || !STEP_NAMES.includes(kind as StepName)) return undefined
  const body = (raw as Record<string, unknown>)[kind as string]
  if (kind !== 'burst') return parseBodyAfresh(kind as StepName, body)
  if (!Array.isArray(body)) return undefined
  const events = body.map((e: unknown) => fresh(e))
  return events.every((e) => e?.success)
    ? { success: true, data: { kind: 'burst', events: events.map((e) => e?.data) } }
    : undefined
}

/** Parsed twice (the second is remembered when the first parsed), each equal to the fresh parse. */
function expectSameAsSchema(raw: unknown) {
  const first = step.safeParse(raw, PARSE_PARAMS)
  const second = step.safeParse(raw, PARSE_PARAMS)
  expect(second).toEqual(first)
  const reference = fresh(raw)
  if (reference?.success) expect(first.data).toEqual(reference.data)
  else expect(first.success).toBe(false)
}

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom(0, -0, 1.5, 11155111, null, true, undefined, 'SIGTERM', 'blocks', 'logs', '5s', '0x'),
  fc.constantFrom(`0x${'ab'.repeat(32)}`, `0x${'AB'.repeat(32)}`, `0x${'12'.repeat(20)}`),
)
/** Bodies of the remembered kinds, well-formed or not: known and unknown keys, lists, scalars. */
const oddBody = fc.oneof(
  scalar,
  fc.dictionary(
    fc.constantFrom(
      'chain',
      'number',
      'timestamp',
      'hash',
      'count',
      'address',
      'topics',
      'data',
      'stream',
      'depth',
      'x',
    ),
    fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })),
    { maxKeys: 4 },
  ),
)
const oddStep = fc
  .tuple(fc.constantFrom('block', 'blocks', 'log', 'drop', 'error', 'advance', 'signal', 'restart', 'reorg'), oddBody)
  .map(([kind, body]) => ({ [kind]: body }))

describe('step (remembered bodies)', () => {
  it("gives every generated case's steps exactly what the schema gives", () => {
    fc.assert(
      fc.property(fuzzCaseArb({ maxSteps: 40 }), (c) => {
        const data = scenarioObject(c, predict(c), { name: 'x', description: 'x', seed: 1 })
        for (const raw of data.steps as unknown[]) expectSameAsSchema(raw)
      }),
      { numRuns: 60 },
    )
  })

  it('gives odd and malformed bodies exactly what the schema gives, each time', () => {
    fc.assert(fc.property(oddStep, expectSameAsSchema), { numRuns: 3000 })
  })

  it('hands out a copy: changing one parsed step changes no later parse', () => {
    const raw = { log: { chain: 1, address: `0x${'12'.repeat(20)}`, topics: [`0x${'ab'.repeat(32)}`] } }
    const first = step.parse(raw) as { topics: string[]; chain: number }
    first.topics.push('changed')
    first.chain = 5
    expect(step.parse(raw)).toEqual({
      kind: 'log',
      chain: 1,
      address: `0x${'12'.repeat(20)}`,
      topics: [`0x${'ab'.repeat(32)}`],
      data: '0x',
    })
  })

  it('reports a bad body every time, not only the first', () => {
    for (let i = 0; i < 2; i++) expect(step.safeParse({ block: { number: -1 } }, PARSE_PARAMS).success).toBe(false)
  })
})
