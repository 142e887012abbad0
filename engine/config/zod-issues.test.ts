import * as z from 'zod'
import { describe, expect, it } from 'vitest'
import { configErrorsFromIssues, expectedPhrase } from './zod-issues.js'

const schema = z.strictObject({
  name: z.string(),
  count: z.number().int().positive().optional(),
  mode: z.enum(['a', 'b']).optional(),
  items: z.array(z.strictObject({ id: z.string().min(1) })).optional(),
  byId: z.record(z.string().regex(/^[0-9]+$/, { error: 'a numeric key' }), z.boolean()).optional(),
  custom: z.string({ error: 'a custom thing' }).optional(),
})

const messages = (input: unknown, keyPrefix?: string) => {
  const result = schema.safeParse(input, { error: expectedPhrase })
  if (result.success) return []
  return configErrorsFromIssues(result.error.issues, { file: 'f.toml', keyPrefix, written: input, parsed: input }).map(
    (e) => e.message,
  )
}

describe('configErrorsFromIssues', () => {
  it('phrases a missing required key as expected <type>, found nothing', () => {
    expect(messages({})).toEqual(['f.toml: name: expected a string, found nothing'])
  })

  it('phrases wrong types, numeric bounds and enums', () => {
    expect(messages({ name: 1, count: 0, mode: 'c' })).toEqual([
      'f.toml: name: expected a string, found 1',
      'f.toml: count: expected a number > 0, found 0',
      'f.toml: mode: expected one of a, b, found "c"',
    ])
    expect(messages({ name: 'n', count: 1.5 })).toEqual(['f.toml: count: expected an integer, found 1.5'])
  })

  it('reports each unknown key with the known keys', () => {
    expect(messages({ name: 'n', nmae: 'x', other: 1 })).toEqual([
      'f.toml: nmae: expected a known key (name, count, mode, items, byId, custom), found an unknown key',
      'f.toml: other: expected a known key (name, count, mode, items, byId, custom), found an unknown key',
    ])
  })

  it('names array elements and nested keys, with the prefix', () => {
    expect(messages({ name: 'n', items: [{ id: 'ok' }, { id: '' }, 3] }, 'engine')).toEqual([
      'f.toml: engine.items[1].id: expected a non-empty string, found ""',
      'f.toml: engine.items[2]: expected a table, found 3',
    ])
  })

  it('reports a bad record key as the key, with the key schema message', () => {
    expect(messages({ name: 'n', byId: { abc: true } })).toEqual([
      'f.toml: byId.abc: expected a numeric key, found the key "abc"',
    ])
  })

  it('lets schema-level messages win over the phrase map', () => {
    expect(messages({ name: 'n', custom: 5 })).toEqual(['f.toml: custom: expected a custom thing, found 5'])
  })

  it('shows the written template, not the substituted value, for substituted strings', () => {
    const s = z.strictObject({ url: z.url({ error: 'a URL' }) })
    const written = { url: '${SECRET}' }
    const parsed = { url: 'hunter2' }
    const issues = s.safeParse(parsed, { error: expectedPhrase }).error?.issues ?? []
    const errors = configErrorsFromIssues(issues, { file: 'f', written, parsed, substitutedPaths: new Set(['url']) })
    expect(errors[0]?.message).toBe('f: url: expected a URL, found the substituted value of "${SECRET}"')
    expect(errors[0]?.message).not.toContain('hunter2')
  })
})
