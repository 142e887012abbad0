import { describe, expect, it } from 'vitest'
import { openApiDocumentFromYaml, readOpenApiDocument } from './openapi-document.js'

describe('the orderbook OpenAPI document', () => {
  it('its JSON copy holds exactly the data of the verbatim YAML (else: npx tsx harness/orderbook/openapi-document.ts)', () => {
    const fromYaml = openApiDocumentFromYaml()
    expect(readOpenApiDocument()).toEqual(fromYaml)
    // The document it claims to be, with the operation the fake orderbook validates.
    expect(fromYaml).toMatchObject({ openapi: expect.stringMatching(/^3\./), paths: { '/api/v1/orders': {} } })
  })
})
