// Validates POST /api/v1/orders bodies against the OrderCreation schema of the orderbook's own
// OpenAPI document (a verbatim copy beside this file, decision 0070, read from its JSON copy),
// through openapi-backend. The document is loaded, normalised and compiled once per process,
// when the first body is validated; every FakeOrderbook shares it.
import { OpenAPIBackend, type Document } from 'openapi-backend'
import { normaliseOpenApi } from './normalise-openapi.js'
import { ORDERBOOK_OPENAPI_JSON_PATH, openApiDocumentFromYaml, readOpenApiDocument } from './openapi-document.js'

export { ORDERBOOK_OPENAPI_PATH } from './openapi-document.js'

export interface SchemaIssue {
  /** Dotted field path inside the body (`kind`, `receiver`); `''` for the body itself. */
  field: string
  /** What is wrong, worded as the server's serde messages are (`missing field \`kind\``). */
  message: string
}

/** Ajv's compiled validator, as openapi-backend hands it out (it does not re-export Ajv's type). */
type BodyValidator = NonNullable<ReturnType<OpenAPIBackend['validator']['getRequestValidatorsForOperation']>>[number]

export class OrderCreationValidator {
  private compiled: BodyValidator | undefined

  /** Nothing is read or compiled until the first body is validated: a run that posts no order never pays for it. */
  constructor(private readonly path: string = ORDERBOOK_OPENAPI_JSON_PATH) {}

  /** The compiled createOrder body validator, built synchronously on first use (issue 14). */
  private validateBody(body: unknown): ReturnType<BodyValidator> {
    this.compiled ??= compileBodyValidator(this.path)
    return this.compiled({ requestBody: body })
  }

  private errors(): BodyValidator['errors'] {
    return this.compiled?.errors
  }

  /** Issues of a parsed JSON body, most relevant first; empty when it fits the schema. */
  validate(body: unknown): SchemaIssue[] {
    if (this.validateBody(body)) return []
    return (this.errors() ?? []).map((error) => {
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

/**
 * Reads, normalises and compiles. Synchronous, so the first order posted waits on nothing the
 * virtual clock does not control: openapi-backend in quick mode, given the document as an object,
 * dereferences it and builds its validator before `init()` first awaits.
 */
function compileBodyValidator(path: string): BodyValidator {
  // The JSON copy parses in ~1 ms; the YAML parser took 0.5–0.8 s of a cold start.
  const raw = path.endsWith('.json') ? readOpenApiDocument(path) : openApiDocumentFromYaml(path)
  const document = normaliseOpenApi(raw) as Document
  // quick: no meta-validation of the whole document, validators compiled on first use.
  const api = new OpenAPIBackend({ definition: document, quick: true, validate: true, strict: true })
  const init = api.init()
  if (!api.initialized) {
    init.catch(() => undefined)
    throw new Error(`openapi-backend could not initialise ${path} synchronously (quick mode, a document object)`)
  }
  // openapi-backend's compiled Ajv validator of createOrder's request body, called directly:
  // validateRequest would re-parse a whole HTTP request each time (0.3 ms against 0.02 ms).
  const validateBody = api.validator.getRequestValidatorsForOperation('createOrder')?.[0]
  if (validateBody === undefined) throw new Error(`${path} has no createOrder request body`)
  return validateBody
}

let shared: OrderCreationValidator | undefined

/** The process-wide validator (compiled on its first validation). */
export function sharedOrderCreationValidator(): OrderCreationValidator {
  shared ??= new OrderCreationValidator()
  return shared
}
