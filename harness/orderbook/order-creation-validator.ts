// Validates POST /api/v1/orders bodies against the OrderCreation schema of the orderbook's own
// OpenAPI document (a verbatim copy beside this file, decision 0070), through openapi-backend.
// The document is loaded and normalised once per process; every FakeOrderbook shares it.
import { readFileSync } from 'node:fs'
import { OpenAPIBackend, type Document } from 'openapi-backend'
import { parse as parseYaml } from 'yaml'
import { projectPath } from '../../engine/project/package-root.js'
import { normaliseOpenApi } from './normalise-openapi.js'

export const ORDERBOOK_OPENAPI_PATH = projectPath('harness', 'orderbook', 'cow-orderbook-openapi.yml')

export interface SchemaIssue {
  /** Dotted field path inside the body (`kind`, `receiver`); `''` for the body itself. */
  field: string
  /** What is wrong, worded as the server's serde messages are (`missing field \`kind\``). */
  message: string
}

/** Ajv's compiled validator, as openapi-backend hands it out (it does not re-export Ajv's type). */
type BodyValidator = NonNullable<ReturnType<OpenAPIBackend['validator']['getRequestValidatorsForOperation']>>[number]

export class OrderCreationValidator {
  private constructor(private readonly validateBody: BodyValidator) {}

  /** Reads, normalises and initialises the document (no network; the file is read synchronously). */
  static async load(path: URL | string = ORDERBOOK_OPENAPI_PATH): Promise<OrderCreationValidator> {
    const document = normaliseOpenApi(parseYaml(readFileSync(path, 'utf8'))) as Document
    // quick: no meta-validation of the whole document, validators compiled on first use.
    const api = new OpenAPIBackend({ definition: document, quick: true, validate: true, strict: true })
    await api.init()
    // openapi-backend's compiled Ajv validator of createOrder's request body, called directly:
    // validateRequest would re-parse a whole HTTP request each time (0.3 ms against 0.02 ms).
    const validateBody = api.validator.getRequestValidatorsForOperation('createOrder')?.[0]
    if (validateBody === undefined) throw new Error('the orderbook OpenAPI document has no createOrder request body')
    return new OrderCreationValidator(validateBody)
  }

  /** Issues of a parsed JSON body, most relevant first; empty when it fits the schema. */
  validate(body: unknown): SchemaIssue[] {
    if (this.validateBody({ requestBody: body })) return []
    return (this.validateBody.errors ?? []).map((error) => {
      const field = error.instancePath
        .replace(/^\/requestBody\/?/, '')
        .split('/')
        .join('.')
      if (error.keyword === 'required') {
        const missing = (error.params as { missingProperty?: string }).missingProperty ?? '?'
        return { field: field === '' ? missing : `${field}.${missing}`, message: `missing field \`${missing}\`` }
      }
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues
      const detail = allowed ? ` (${allowed.map(String).join(', ')})` : ''
      const message = `${error.message ?? error.keyword}${detail}`
      return { field, message: field === '' ? message : `${field}: ${message}` }
    })
  }
}

let shared: Promise<OrderCreationValidator> | undefined

/** The process-wide validator (loaded on first call). */
export function sharedOrderCreationValidator(): Promise<OrderCreationValidator> {
  shared ??= OrderCreationValidator.load()
  return shared
}
