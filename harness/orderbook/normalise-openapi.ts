// The orderbook's OpenAPI 3.0 document has three quirks the validator (Ajv 8 under
// openapi-backend) refuses or misreads. This rewrites them, without touching the input
// (decision 0070):
// 1. `nullable` beside `allOf`/`$ref` but without `type`: Ajv throws "nullable cannot be used
//    without type". `nullable: true` becomes `anyOf: [<the schema>, {type: 'null'}]`;
//    `nullable: false` is dropped (it says nothing).
// 2. Boolean `exclusiveMaximum`/`exclusiveMinimum` (OpenAPI 3.0 / draft 4): Ajv wants the
//    numeric draft-6 form. `{maximum: 1, exclusiveMaximum: true}` becomes `{exclusiveMaximum: 1}`.
// 3. `oneOf` whose alternatives overlap (Signature: two plain strings): as written every value
//    fails ("must match exactly one"). The server decodes these with serde untagged enums, where
//    the first alternative that fits wins — `anyOf` semantics — so `oneOf` becomes `anyOf`.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export function normaliseOpenApi(node: unknown): unknown {
  return normalise(node as Json)
}

function normalise(node: Json): Json {
  if (Array.isArray(node)) return node.map(normalise)
  if (node === null || typeof node !== 'object') return node
  const out: { [key: string]: Json } = {}
  for (const [key, value] of Object.entries(node)) out[key] = normalise(value)
  rewriteExclusiveBound(out, 'exclusiveMaximum', 'maximum')
  rewriteExclusiveBound(out, 'exclusiveMinimum', 'minimum')
  if (Array.isArray(out.oneOf) && !('anyOf' in out)) {
    out.anyOf = out.oneOf
    delete out.oneOf
  }
  if ('nullable' in out && !('type' in out)) {
    const nullable = out.nullable
    delete out.nullable
    if (nullable === true) return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

function rewriteExclusiveBound(schema: { [key: string]: Json }, exclusive: string, inclusive: string): void {
  const flag = schema[exclusive]
  if (typeof flag !== 'boolean') return
  delete schema[exclusive]
  if (flag && typeof schema[inclusive] === 'number') {
    schema[exclusive] = schema[inclusive]
    delete schema[inclusive]
  }
}
