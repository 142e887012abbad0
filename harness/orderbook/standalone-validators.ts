// The judge's two JSON Schema validators as Ajv standalone code (decision 0236): the policy file
// schema (policies/policy.schema.json, Ajv2020) and openapi-backend's createOrder request-body
// validator over the normalised orderbook OpenAPI document. `npm run build:validators` writes the
// modules under generated/; the run path imports them and never compiles a schema. This file, the
// only one that builds validators at run time, is for that script and the tests: each validator
// is compiled here exactly as the run path compiled it before (same Ajv class, options, formats
// and wrapper schema), and the standalone code is Ajv's own source of that very function.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type Options as AjvOptions, type ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
// A CommonJS module: its default import is `module.exports`, which also carries `.default`.
import ajvStandalone from 'ajv/dist/standalone/index.js'
import { type Document, OpenAPIBackend } from 'openapi-backend'
import { POLICY_SCHEMA_FILE } from '../../engine/orderbook-policy/policy-files.js'
import { projectPath } from '../../engine/project/package-root.js'
import { normaliseOpenApi } from './normalise-openapi.js'
import { ORDERBOOK_OPENAPI_JSON_PATH, readOpenApiDocument } from './openapi-document.js'

export const GENERATED_VALIDATORS_DIR = projectPath('harness', 'orderbook', 'generated')
export const BUILD_VALIDATORS_COMMAND = 'npm run build:validators'

/**
 * The policy schema's Ajv options. `validateSchema: false`: the schema is the project's own file,
 * checked against the 2020-12 meta-schema by policy-model.test.ts.
 */
const POLICY_AJV_OPTIONS: AjvOptions = { allErrors: true, strict: false, validateSchema: false }

/** openapi-backend as the fake orderbook used it: quick mode, given the document as an object. */
const ORDER_BACKEND_OPTIONS = { quick: true, validate: true, strict: true } as const

/** Standalone output: an ES module, one statement a line (readable diffs; the code is the same). */
const STANDALONE_CODE = { source: true, esm: true, lines: true } as const

/** Ajv's version, named in each generated file so that an upgrade shows as a stale file. */
function ajvVersion(): string {
  return (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version
}

function policySchema(): object {
  return JSON.parse(readFileSync(POLICY_SCHEMA_FILE, 'utf8')) as object
}

/** The policy schema compiled at run time, as policy-model.ts did before decision 0236. */
export function compileReferencePolicyValidator(): ValidateFunction {
  return new Ajv2020(POLICY_AJV_OPTIONS).compile(policySchema())
}

/**
 * openapi-backend's compiled createOrder body validator over the normalised document, as
 * order-creation-validator.ts built it before decision 0236. `customizeAjv` replaces the Ajv
 * instance openapi-backend made for the request body by the generator's own.
 */
export function compileReferenceBodyValidator(
  customizeAjv?: (made: Ajv, options: AjvOptions) => Ajv,
  path: string = ORDERBOOK_OPENAPI_JSON_PATH,
): ValidateFunction {
  const document = normaliseOpenApi(readOpenApiDocument(path)) as Document
  const api = new OpenAPIBackend({
    definition: document,
    ...ORDER_BACKEND_OPTIONS,
    ...(customizeAjv ? { customizeAjv: (made: Ajv, options: AjvOptions) => customizeAjv(made, options) } : {}),
  })
  const init = api.init()
  if (!api.initialized) {
    init.catch(() => undefined)
    throw new Error(`openapi-backend could not initialise ${path} synchronously (quick mode, a document object)`)
  }
  const validate = api.validator.getRequestValidatorsForOperation('createOrder')?.[0]
  if (validate === undefined) throw new Error(`${path} has no createOrder request body`)
  return validate as ValidateFunction
}

export interface GeneratedFile {
  /** Absolute path. */
  path: string
  text: string
}

/** Both validators' modules and their type declarations, as `npm run build:validators` writes them. */
export function generatedValidatorFiles(): GeneratedFile[] {
  const version = ajvVersion()
  return [
    ...moduleFiles(
      'policy-schema-validator',
      `policies/policy.schema.json with Ajv2020 ${JSON.stringify(POLICY_AJV_OPTIONS)}`,
      version,
      policyStandaloneCode(),
    ),
    ...moduleFiles(
      'order-creation-body-validator',
      "openapi-backend's createOrder request body of harness/orderbook/cow-orderbook-openapi.json (normalised)",
      version,
      bodyStandaloneCode(),
    ),
  ]
}

function policyStandaloneCode(): string {
  const ajv = new Ajv2020({ ...POLICY_AJV_OPTIONS, code: STANDALONE_CODE })
  return ajvStandalone.default(ajv, ajv.compile(policySchema()))
}

/**
 * openapi-backend builds a fresh Ajv per validator (its options, plus the OpenAPI formats it adds);
 * the generator's copy takes the same options and formats, and keeps the source.
 */
function bodyStandaloneCode(): string {
  let generator: Ajv | undefined
  const validate = compileReferenceBodyValidator((made, options) => {
    generator = new Ajv({ ...options, code: STANDALONE_CODE })
    for (const [name, format] of Object.entries(made.formats))
      if (format !== undefined) generator.addFormat(name, format)
    return generator
  })
  if (generator === undefined) throw new Error('openapi-backend compiled the createOrder body without customizeAjv')
  return ajvStandalone.default(generator, validate)
}

/**
 * Ajv's runtime helpers that are one self-contained function (no import, no free name): the
 * generated module carries the helper's source, verbatim, instead of requiring Ajv when it is
 * imported (decision 0245: the first CommonJS require of a thread cost ~2.5 ms of its start).
 */
const INLINED_AJV_HELPERS = new Set(['ucs2length'])

/** An inlined helper's source and where it comes from (its licence line included). */
export interface InlinedHelper {
  /** The function's source text, as Ajv ships it. */
  source: string
  /** One comment line: the file, Ajv's version and licence. */
  origin: string
}

/** Reads an inlinable helper from the installed Ajv: `Function.prototype.toString` gives its source text as shipped. */
export function ajvInlinedHelper(name: string): InlinedHelper {
  const requireHere = createRequire(import.meta.url)
  const helper = (requireHere(`ajv/dist/runtime/${name}`) as { default: unknown }).default
  if (typeof helper !== 'function') throw new Error(`ajv/dist/runtime/${name} has no default function`)
  const licence = readFileSync(requireHere.resolve('ajv/LICENSE'), 'utf8').split('\n')
  const copyright = licence.find((line) => line.startsWith('Copyright'))?.trim()
  return {
    source: helper.toString(),
    origin: `// Ajv ${ajvVersion()}'s ajv/dist/runtime/${name}.js, verbatim. ${licence[0]?.trim()}, ${copyright}.`,
  }
}

/**
 * Ajv's standalone code reaches its runtime helpers (ucs2length, equal, uri…) with `require()`,
 * which an ES module does not have. A self-contained helper is inlined (`inlined`); any other
 * goes through a `require` of the module's own: a static import would not do (Node and esbuild
 * give a CommonJS module's `module.exports` as its default export, vitest its `.default`), so the
 * module makes one with `createRequire` (named apart from the bundle banner's `require`), which
 * resolves Ajv's helper the same way under Node, vitest and the esbuild bundle.
 */
export function esmRuntimeRequires(
  code: string,
  inlined: (name: string) => InlinedHelper | undefined = (name) =>
    INLINED_AJV_HELPERS.has(name) ? ajvInlinedHelper(name) : undefined,
): string {
  let required = false
  const carried = new Map<string, InlinedHelper>()
  const body = code.replace(/require\("([^"]+)"\)(\.default)?/g, (call, specifier: string, dotDefault?: string) => {
    if (!/^ajv\/dist\/runtime\/[a-z0-9_]+$/i.test(specifier))
      throw new Error(`Ajv's standalone code requires ${specifier}, which is not one of Ajv's runtime helpers`)
    const name = specifier.slice('ajv/dist/runtime/'.length)
    const helper = dotDefault ? inlined(name) : undefined
    if (helper) {
      carried.set(name, helper)
      return inlinedName(name)
    }
    required = true
    return call.replace(/^require/, 'requireAjvRuntime')
  })
  const prelude = [
    ...(required
      ? ['import { createRequire } from "node:module";', 'const requireAjvRuntime = createRequire(import.meta.url);']
      : []),
    ...[...carried].flatMap(([name, helper]) => [helper.origin, `const ${inlinedName(name)} = ${helper.source};`]),
  ]
  if (prelude.length === 0) return body
  const strict = '"use strict";\n'
  return body.startsWith(strict)
    ? [strict.trimEnd(), ...prelude, body.slice(strict.length)].join('\n')
    : [...prelude, body].join('\n')
}

/** The binding an inlined helper gets (Ajv's own names are schemaN, funcN, validateN…). */
function inlinedName(name: string): string {
  return `ajvRuntime_${name}`
}

function moduleFiles(name: string, from: string, version: string, code: string): GeneratedFile[] {
  const header = `// Generated by \`${BUILD_VALIDATORS_COMMAND}\` from ${from}, Ajv ${version} standalone code (decision 0236). Do not edit.`
  return [
    { path: `${GENERATED_VALIDATORS_DIR}/${name}.js`, text: `${header}\n${esmRuntimeRequires(code)}\n` },
    {
      path: `${GENERATED_VALIDATORS_DIR}/${name}.d.ts`,
      text: [
        header,
        "import type { ErrorObject } from 'ajv'",
        '',
        '/** Ajv standalone validation: true when the data fits; otherwise `errors` says why. */',
        'export interface StandaloneValidate {',
        '  (data: unknown): boolean',
        '  errors?: ErrorObject[] | null',
        '}',
        '',
        'export declare const validate: StandaloneValidate',
        'export default validate',
        '',
      ].join('\n'),
    },
  ]
}
