// The orderbook's OpenAPI document, read fast. The verbatim YAML copy (cow-orderbook-openapi.yml,
// decision 0070) is the source; cow-orderbook-openapi.json holds the same data as JSON, which a
// process parses in ~1 ms where the YAML parser took 0.5–0.8 s of every cold start (the first
// scenario paid it). A test checks that both hold the same data; after replacing the YAML,
// `npx tsx harness/orderbook/openapi-document.ts` rewrites the JSON.
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { projectPath } from '../../engine/project/package-root.js'

export const ORDERBOOK_OPENAPI_PATH = projectPath('harness', 'orderbook', 'cow-orderbook-openapi.yml')
export const ORDERBOOK_OPENAPI_JSON_PATH = projectPath('harness', 'orderbook', 'cow-orderbook-openapi.json')

/** The document as its YAML says (the source). */
export function openApiDocumentFromYaml(path: string = ORDERBOOK_OPENAPI_PATH): unknown {
  return parseYaml(readFileSync(path, 'utf8'))
}

/** The same data, from its JSON copy. */
export function readOpenApiDocument(path: string = ORDERBOOK_OPENAPI_JSON_PATH): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(ORDERBOOK_OPENAPI_JSON_PATH, `${JSON.stringify(openApiDocumentFromYaml(), null, 2)}\n`)
  console.log(`wrote ${ORDERBOOK_OPENAPI_JSON_PATH}`)
}
