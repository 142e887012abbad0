// The whole scenario file (docs/scenarios.md, version 1, plus the extensions in
// docs/scenarios.md). The engine and the cassette depend on the file's folder: the schema is built
// once per process and reads the file's context while it parses (zod compiles an object schema on
// its first parse, ~0.5 ms: built per file, every scenario paid it; decision 0173).
import path from 'node:path'
import * as z from 'zod'
import { resolvePolicyReference } from '../../engine/orderbook-policy/policy-files.js'
import { engineSchema, type EngineContext } from './schema-engine.js'
import { expectations } from './schema-expect.js'
import { orderbookBehaviour } from './schema-orderbook.js'
import {
  CHAIN_ID_EXPECTED,
  positiveDuration,
  listOf,
  mapOf,
  nonEmptyText,
  oneOf,
  parseChainId,
  strictMap,
  text,
  uint,
} from './schema-primitives.js'
import { step } from './schema-steps.js'
import { chainState } from './schema-world.js'

const oneLine = nonEmptyText.refine((s) => !/[\r\n]/.test(s), { error: 'a name on one line' })

const modes = listOf(oneOf(['fixture', 'anvil']))
  .min(1, { error: 'a non-empty list of modes (fixture, anvil)' })
  .transform((list) => [...new Set(list)])

export function scenarioSchema(ctx: EngineContext) {
  return strictMap(
    {
      version: z.literal(1, { error: '1 (the scenario format version)' }),
      name: oneLine,
      description: text.optional(),
      modes: modes.optional(),
      seed: uint.optional(),
      engine: engineSchema(ctx),
      chain: mapOf(CHAIN_ID_EXPECTED, parseChainId, chainState).optional(),
      cassette: nonEmptyText.transform((p) => path.resolve(ctx.dir, p)).optional(),
      orderbook: orderbookBehaviour.optional(),
      steps: listOf(step),
      expect: expectations.optional(),
      isolation: oneOf(['worker', 'in-process']).optional(),
      store: oneOf(['memory', 'sqlite']).optional(),
      compute_grace: positiveDuration.optional(),
      // A shipped policy's name or a .toml path relative to the scenario (docs/policies.md).
      orderbook_policy: nonEmptyText.transform((p) => resolvePolicyReference(p, ctx.dir)).optional(),
    },
    'a scenario',
  )
}

export type ParsedScenario = z.output<ReturnType<typeof scenarioSchema>>

/** The file being parsed: set only during the synchronous `safeParse` below. */
let parsing: EngineContext | undefined
const current = (): EngineContext => {
  if (!parsing) throw new Error('scenario schema: read outside parseScenarioData')
  return parsing
}
let shared: ReturnType<typeof scenarioSchema> | undefined

/** `scenarioSchema(ctx).safeParse(raw, params)`, with one schema for every file of the process. */
export function parseScenarioData(raw: unknown, ctx: EngineContext, params: Parameters<z.ZodType['safeParse']>[1]) {
  shared ??= scenarioSchema({
    get dir() {
      return current().dir
    },
    lookup: (name) => current().lookup(name),
  })
  parsing = ctx
  try {
    return shared.safeParse(raw, params)
  } finally {
    parsing = undefined
  }
}
