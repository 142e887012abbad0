import { readFileSync } from 'node:fs'
import { OpenAPIBackend, type Document } from 'openapi-backend'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { normaliseOpenApi } from './normalise-openapi.js'
import { ORDERBOOK_OPENAPI_PATH } from './order-creation-validator.js'
import { presignOrderBody } from './test-helpers.js'

describe('normaliseOpenApi', () => {
  it('turns nullable without type into anyOf with null', () => {
    const schema = { allOf: [{ $ref: '#/components/schemas/Address' }], nullable: true, description: 'd' }
    expect(normaliseOpenApi(schema)).toEqual({
      anyOf: [{ allOf: [{ $ref: '#/components/schemas/Address' }], description: 'd' }, { type: 'null' }],
    })
  })

  it('drops nullable: false without type, and leaves typed nullable alone', () => {
    expect(normaliseOpenApi({ allOf: [{ type: 'string' }], nullable: false })).toEqual({ allOf: [{ type: 'string' }] })
    expect(normaliseOpenApi({ type: 'integer', nullable: true })).toEqual({ type: 'integer', nullable: true })
  })

  it('rewrites boolean exclusive bounds to the numeric form', () => {
    expect(normaliseOpenApi({ type: 'number', minimum: 0, maximum: 1, exclusiveMaximum: true })).toEqual({
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
    })
    expect(normaliseOpenApi({ minimum: 2, exclusiveMinimum: true })).toEqual({ exclusiveMinimum: 2 })
    expect(normaliseOpenApi({ maximum: 1, exclusiveMaximum: false })).toEqual({ maximum: 1 })
  })

  it('reads oneOf as anyOf (serde untagged enums: first fit wins)', () => {
    const schema = { oneOf: [{ type: 'string' }, { type: 'string' }] }
    expect(normaliseOpenApi(schema)).toEqual({ anyOf: [{ type: 'string' }, { type: 'string' }] })
  })

  it('recurses through objects and arrays without mutating its input', () => {
    const input = { a: [{ b: { nullable: true, $ref: '#/x' } }], c: 'text', d: 3 }
    const before = structuredClone(input)
    expect(normaliseOpenApi(input)).toEqual({
      a: [{ b: { anyOf: [{ $ref: '#/x' }, { type: 'null' }] } }],
      c: 'text',
      d: 3,
    })
    expect(input).toEqual(before)
  })

  describe('on the orderbook document', () => {
    const raw = parseYaml(readFileSync(ORDERBOOK_OPENAPI_PATH, 'utf8')) as Document
    const request = { method: 'POST', path: '/api/v1/orders', headers: { 'content-type': 'application/json' } }

    it('openapi-backend refuses the document as it is', async () => {
      const api = new OpenAPIBackend({ definition: structuredClone(raw), quick: true, validate: true })
      await api.init()
      expect(() => api.validateRequest({ ...request, body: presignOrderBody() }, 'createOrder')).toThrow(/nullable/)
    })

    it('openapi-backend accepts it once normalised, and a PreSign order validates', async () => {
      const api = new OpenAPIBackend({ definition: normaliseOpenApi(raw) as Document, quick: true, validate: true })
      await api.init()
      expect(api.validateRequest({ ...request, body: presignOrderBody() }, 'createOrder').errors ?? []).toEqual([])
    })
  })
})
