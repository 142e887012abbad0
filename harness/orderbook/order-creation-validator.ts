// Validates POST /api/v1/orders bodies against the OrderCreation schema of the orderbook's own
// OpenAPI document (a verbatim copy beside this file, decision 0070), as openapi-backend's
// createOrder request-body validator does: that validator's Ajv standalone code, generated from
// the normalised document by `npm run build:validators` (decision 0236), so no thread compiles it
// at run time. standalone-validators.ts holds the generator and the runtime-compiled reference.
import { type StandaloneValidate, validate as generatedValidator } from './generated/order-creation-body-validator.js'

export { ORDERBOOK_OPENAPI_PATH } from './openapi-document.js'

export interface SchemaIssue {
  /** Dotted field path inside the body (`kind`, `receiver`); `''` for the body itself. */
  field: string
  /** What is wrong, worded as the server's serde messages are (`missing field \`kind\``). */
  message: string
}

export class OrderCreationValidator {
  /** `validateRequest`: the generated code; tests pass openapi-backend's own compiled validator to compare. */
  constructor(private readonly validateRequest: StandaloneValidate = generatedValidator) {}

  /** Issues of a parsed JSON body, most relevant first; empty when it fits the schema. */
  validate(body: unknown): SchemaIssue[] {
    // openapi-backend's request object: the body under `requestBody` (its instancePaths say so).
    const validateRequest = this.validateRequest
    if (validateRequest({ requestBody: body })) return []
    return (validateRequest.errors ?? []).map((error) => {
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

let shared: OrderCreationValidator | undefined

/** The process-wide validator. */
export function sharedOrderCreationValidator(): OrderCreationValidator {
  shared ??= new OrderCreationValidator()
  return shared
}
