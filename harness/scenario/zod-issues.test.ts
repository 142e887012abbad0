import * as z from 'zod'
import { describe, expect, it } from 'vitest'
import { issuesToErrors, PARSE_PARAMS } from './zod-issues.js'

function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value, PARSE_PARAMS)
  return result.success ? [] : issuesToErrors(result.error.issues, 'f.yaml', ['top']).map((e) => e.message)
}

describe('issuesToErrors', () => {
  it('phrases zod built-in checks as "expected …" and renders what was found', () => {
    expect(messages(z.object({ a: z.string() }), { a: 1 })).toEqual(['f.yaml: top.a: expected a string, found 1'])
    expect(messages(z.array(z.number()).min(2), [1])).toEqual(['f.yaml: top: expected at least 2 items, found [1]'])
    expect(messages(z.array(z.number()).max(1), [1, 2])).toEqual(['f.yaml: top: expected at most 1 item, found [1,2]'])
    expect(messages(z.literal('x'), 'y')).toEqual(['f.yaml: top: expected "x", found "y"'])
    expect(messages(z.object({ a: z.boolean() }), {})).toEqual(['f.yaml: top.a: expected true or false, found nothing'])
  })

  it('reports one error per unknown key, at the key', () => {
    expect(messages(z.strictObject({ a: z.number() }), { a: 1, b: 2, c: 3 })).toEqual([
      'f.yaml: top.b: expected no other keys, found unknown key "b"',
      'f.yaml: top.c: expected no other keys, found unknown key "c"',
    ])
  })

  it('for a plain union, reports the branch that got furthest into the value', () => {
    const schema = z.union([z.string(), z.object({ inner: z.object({ n: z.number() }) })])
    expect(messages(schema, { inner: { n: 'x' } })).toEqual(['f.yaml: top.inner.n: expected a number, found "x"'])
  })

  it("uses a custom issue's params.found verbatim", () => {
    const schema = z
      .unknown()
      .superRefine((_v, ctx) => ctx.addIssue({ code: 'custom', message: 'one key', params: { found: 'two keys' } }))
    expect(messages(schema, {})).toEqual(['f.yaml: top: expected one key, found two keys'])
  })
})
