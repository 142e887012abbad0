// engine.toml, or an inline engine (a scenario's `engine:`), to a validated EngineConfig.
// The Rust engine's schema (docs/design.md §2.2) made strict: unknown keys are errors, every error
// names file, key path, what was expected and what was found, and all problems are reported.
import { dirname, resolve } from 'node:path'
import * as z from 'zod'
import { ConfigError, combineConfigErrors } from './config-error.js'
import { describeValue } from './describe-value.js'
import { renderConfigValue } from './flatten-config.js'
import { formatKeyPath } from './key-path.js'
import { isLogLevelDirective } from './log-level.js'
import { parseTomlDocument } from './parse-toml.js'
import { readConfigFile } from './read-config-file.js'
import { substituteEnv, type Env } from './substitute-env.js'
import { subscriptionSchema, toSubscription } from './subscription-schema.js'
import type { ChainConfig, EngineConfig, EngineLimits, ModuleEntry } from './types.js'
import { DEFAULT_LIMITS } from './types.js'
import { resolvePolicyReference } from '../orderbook-policy/policy-files.js'
import { ISOLATION_MODES, type IsolationMode } from '../isolation/module-runner.js'
import { configErrorsFromIssues, expectedPhrase } from './zod-issues.js'

export interface EngineConfigContext {
  /** Named in every error and kept as EngineConfig.file. */
  file: string
  /** Relative paths (state_dir, module path, manifest) resolve against it. */
  baseDir: string
  /** Prepended to key paths in errors, e.g. `engine` for a scenario's inline engine. */
  keyPrefix?: string | undefined
  /** When state_dir is absent: undefined = `./data` (engine.toml), null = in-memory (scenarios). */
  defaultStateDir?: string | null | undefined
  /** Source of `${VAR}` values; engine/ never reads process.env itself. Default: empty. */
  env?: Env | undefined
  /**
   * A simulation: the world supplies the endpoints, so `chains.<id>.rpc_url` is ignored (not
   * even substituted), and no `${VAR}` is read, so the file and the seed alone replay the run.
   */
  simulated?: boolean | undefined
}

export const DEFAULT_STATE_DIR = './data'
export const DEFAULT_LOG_LEVEL = 'info'

// Node timers overflow past 2^31-1 ms and then fire at once; no limit may reach that.
export const MAX_LIMIT_SECS = 2_147_483

const SECONDS = `a positive number of seconds (at most ${MAX_LIMIT_SECS})`
const secondsSchema = z.number({ error: SECONDS }).positive({ error: SECONDS }).max(MAX_LIMIT_SECS, { error: SECONDS })

const STATE_DIR = 'a directory path (or null for an in-memory store)'
const LOG_LEVEL = 'a log level (trace, debug, info, warn, error, off) or directives like info,nexum_engine=debug'
const METRICS_ADDR = 'host:port to serve Prometheus metrics on, e.g. "127.0.0.1:9464"'
const metricsAddrSchema = z
  .string({ error: METRICS_ADDR })
  .refine((text) => parseHostPort(text) !== undefined, { error: METRICS_ADDR })
const RPC_URL = 'a ws://, wss://, http:// or https:// URL'
const ORDERBOOK_URL = 'an http:// or https:// URL'
const CHAIN_KEY = 'a chain id key (a decimal integer from 1 to 2^53-1)'
const MODULE_NAME = 'a module name (non-empty, without "/")'
const CONFIG_VALUE = 'a string, number or boolean'
const PATH = 'a path (a non-empty string)'

const ORDERBOOK_POLICY = 'a shipped policy name (default, watch-tower, shepherd) or a path to a policy .toml file'
const ISOLATION = `one of ${ISOLATION_MODES.join(', ')}`
const MEMORY_MB = 'a whole number of megabytes from 16 to 65536'
const QUEUE_SIZE = 'a whole number of events from 1 to 1000000'
const queueSizeSchema = z
  .number({ error: QUEUE_SIZE })
  .int({ error: QUEUE_SIZE })
  .min(1, { error: QUEUE_SIZE })
  .max(1_000_000, { error: QUEUE_SIZE })

const engineSectionShape = {
  state_dir: z.string({ error: STATE_DIR }).min(1, { error: STATE_DIR }).nullable().optional(),
  log_level: z.string({ error: LOG_LEVEL }).refine(isLogLevelDirective, { error: LOG_LEVEL }).optional(),
  metrics_addr: metricsAddrSchema.optional(),
  limits: z
    .strictObject({
      dispatch_deadline_secs: secondsSchema.optional(),
      rpc_timeout_secs: secondsSchema.optional(),
      orderbook_timeout_secs: secondsSchema.optional(),
      drain_deadline_secs: secondsSchema.optional(),
      boot_deadline_secs: secondsSchema.optional(),
      block_queue_max: queueSizeSchema.optional(),
      log_queue_max: queueSizeSchema.optional(),
      module_memory_mb: z
        .number({ error: MEMORY_MB })
        .int({ error: MEMORY_MB })
        .min(16, { error: MEMORY_MB })
        .max(65_536, { error: MEMORY_MB })
        .optional(),
    })
    .optional(),
  isolation: z.enum(ISOLATION_MODES as [IsolationMode, ...IsolationMode[]], { error: ISOLATION }).optional(),
  orderbook_policy: z.string({ error: ORDERBOOK_POLICY }).min(1, { error: ORDERBOOK_POLICY }).optional(),
}
type EngineSectionKey = keyof typeof engineSectionShape
const ENGINE_SECTION_KEYS = Object.keys(engineSectionShape) as EngineSectionKey[]

const chainSchema = z
  .strictObject({
    rpc_url: z
      .string({ error: RPC_URL })
      .refine(hasScheme(['ws:', 'wss:', 'http:', 'https:']), { error: RPC_URL })
      .optional(),
    poll_interval_secs: secondsSchema.optional(),
    orderbook_url: z
      .string({ error: ORDERBOOK_URL })
      .refine(hasScheme(['http:', 'https:']), { error: ORDERBOOK_URL })
      .optional(),
  })
  .nullable() // YAML `11155111:` with nothing after it

const chainKeySchema = z
  .string()
  .regex(/^[1-9][0-9]*$/, { error: CHAIN_KEY })
  .refine((key) => Number.isSafeInteger(Number(key)), { error: CHAIN_KEY })

const configValueSchema = z.custom<string | number | bigint | boolean>(
  (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean',
  { error: CONFIG_VALUE },
)

const moduleEntrySchema = z.strictObject({
  path: z.string({ error: PATH }).min(1, { error: PATH }),
  manifest: z.string({ error: PATH }).min(1, { error: PATH }).optional(),
  name: z
    .string({ error: MODULE_NAME })
    .regex(/^[^/]+$/, { error: MODULE_NAME })
    .optional(),
  config: z.record(z.string(), configValueSchema).optional(),
  subscriptions: z.array(subscriptionSchema).optional(),
})

const engineConfigSchema = z.strictObject({
  // engine.toml writes these under [engine]; an inline (YAML) engine writes them at the top.
  engine: z.strictObject(engineSectionShape).optional(),
  ...engineSectionShape,
  chains: z.record(chainKeySchema, chainSchema).optional(),
  modules: z.array(moduleEntrySchema).optional(),
})
type RawEngineConfig = z.infer<typeof engineConfigSchema>

/** engine.toml text; `baseDir` defaults to the file's folder. */
export function parseEngineConfigToml(
  text: string,
  file: string,
  options: { env?: Env | undefined; baseDir?: string | undefined } = {},
): EngineConfig {
  const obj = parseTomlDocument(text, file)
  return engineConfigFromObject(obj, { file, baseDir: options.baseDir ?? dirname(resolve(file)), env: options.env })
}

/** Reads and validates an engine.toml; a missing file is a MissingConfigFileError. */
export async function loadEngineConfigFile(
  path: string,
  env?: Env,
  options: { simulated?: boolean } = {},
): Promise<EngineConfig> {
  const text = await readConfigFile(path, 'an engine.toml file')
  const obj = parseTomlDocument(text, path)
  return engineConfigFromObject(obj, { file: path, baseDir: dirname(resolve(path)), env, simulated: options.simulated })
}

export function engineConfigFromObject(written: unknown, ctx: EngineConfigContext): EngineConfig {
  const obj = ctx.simulated ? withoutRpcUrls(written) : written
  const substituted = substituteEnv(obj, ctx.simulated ? {} : (ctx.env ?? {}), {
    file: ctx.file,
    keyPrefix: ctx.keyPrefix,
    simulated: ctx.simulated,
  })
  const errors: ConfigError[] = [...substituted.errors]
  const alreadyReported = new Set(substituted.errors.map((e) => e.keyPath))

  const result = engineConfigSchema.safeParse(substituted.value, { error: expectedPhrase })
  if (!result.success) {
    const schemaErrors = configErrorsFromIssues(result.error.issues, {
      file: ctx.file,
      keyPrefix: ctx.keyPrefix,
      written: obj,
      parsed: substituted.value,
      substitutedPaths: substituted.substitutedPaths,
    })
    errors.push(...schemaErrors.filter((e) => !alreadyReported.has(e.keyPath)))
    throw combineConfigErrors(errors)
  }
  errors.push(...sectionConflicts(result.data, ctx))
  if (errors.length > 0) throw combineConfigErrors(errors)
  return toEngineConfig(result.data, ctx)
}

/** A copy without `chains.<id>.rpc_url`: in a simulation the world is the endpoint. */
function withoutRpcUrls(obj: unknown): unknown {
  if (!isTable(obj) || !isTable(obj.chains)) return obj
  const chains = Object.create(null) as Record<string, unknown>
  for (const [id, table] of Object.entries(obj.chains)) {
    if (!isTable(table)) {
      chains[id] = table
      continue
    }
    const { rpc_url: _ignored, ...rest } = table
    chains[id] = rest
  }
  return Object.assign(Object.create(null) as Record<string, unknown>, obj, { chains })
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// The same key both at the top and under `engine` is ambiguous.
function sectionConflicts(raw: RawEngineConfig, ctx: EngineConfigContext): ConfigError[] {
  return ENGINE_SECTION_KEYS.filter((key) => raw[key] !== undefined && raw.engine?.[key] !== undefined).map(
    (key) =>
      new ConfigError({
        file: ctx.file,
        keyPath: formatKeyPath([key], ctx.keyPrefix),
        expected: `${key} either at the top or under engine, not both`,
        found: describeValue(raw[key]),
      }),
  )
}

function toEngineConfig(raw: RawEngineConfig, ctx: EngineConfigContext): EngineConfig {
  const section = { ...raw.engine, ...pickSection(raw) }
  const config: EngineConfig = {
    file: ctx.file,
    stateDir: resolveStateDir(section.state_dir, ctx),
    logLevel: section.log_level ?? DEFAULT_LOG_LEVEL,
    ...(section.metrics_addr !== undefined ? { metricsAddr: parseHostPort(section.metrics_addr) } : {}),
    limits: toLimits(section.limits),
    chains: toChains(raw.chains ?? {}),
    modules: (raw.modules ?? []).map((entry, i) =>
      toModuleEntry(entry, formatKeyPath(['modules', i], ctx.keyPrefix), ctx.baseDir),
    ),
  }
  if (section.isolation !== undefined) config.isolation = section.isolation
  if (section.orderbook_policy !== undefined)
    config.orderbookPolicy = resolvePolicyReference(section.orderbook_policy, ctx.baseDir)
  return config
}

function pickSection(raw: RawEngineConfig): Partial<Pick<RawEngineConfig, EngineSectionKey>> {
  const out: Partial<Pick<RawEngineConfig, EngineSectionKey>> = {}
  if (raw.state_dir !== undefined) out.state_dir = raw.state_dir
  if (raw.log_level !== undefined) out.log_level = raw.log_level
  if (raw.metrics_addr !== undefined) out.metrics_addr = raw.metrics_addr
  if (raw.limits !== undefined) out.limits = raw.limits
  if (raw.isolation !== undefined) out.isolation = raw.isolation
  if (raw.orderbook_policy !== undefined) out.orderbook_policy = raw.orderbook_policy
  return out
}

function resolveStateDir(written: string | null | undefined, ctx: EngineConfigContext): string | null {
  const dir =
    written === undefined ? (ctx.defaultStateDir === undefined ? DEFAULT_STATE_DIR : ctx.defaultStateDir) : written
  return dir === null ? null : resolve(ctx.baseDir, dir)
}

function toLimits(raw: RawEngineConfig['limits']): EngineLimits {
  const ms = (secs: number | undefined, fallback: number) =>
    secs === undefined ? fallback : Math.max(1, Math.round(secs * 1000))
  return {
    dispatchDeadlineMs: ms(raw?.dispatch_deadline_secs, DEFAULT_LIMITS.dispatchDeadlineMs),
    rpcTimeoutMs: ms(raw?.rpc_timeout_secs, DEFAULT_LIMITS.rpcTimeoutMs),
    orderbookTimeoutMs: ms(raw?.orderbook_timeout_secs, DEFAULT_LIMITS.orderbookTimeoutMs),
    moduleMemoryMb: raw?.module_memory_mb ?? DEFAULT_LIMITS.moduleMemoryMb,
    drainDeadlineMs: ms(raw?.drain_deadline_secs, DEFAULT_LIMITS.drainDeadlineMs),
    bootDeadlineMs: ms(raw?.boot_deadline_secs, DEFAULT_LIMITS.bootDeadlineMs),
    blockQueueMax: raw?.block_queue_max ?? DEFAULT_LIMITS.blockQueueMax,
    logQueueMax: raw?.log_queue_max ?? DEFAULT_LIMITS.logQueueMax,
  }
}

function toChains(raw: NonNullable<RawEngineConfig['chains']>): ChainConfig[] {
  return Object.entries(raw)
    .map(([key, table]): ChainConfig => {
      const chain: ChainConfig = { chainId: Number(key) }
      if (table?.rpc_url !== undefined) chain.rpcUrl = table.rpc_url
      if (table?.orderbook_url !== undefined) chain.orderbookUrl = table.orderbook_url
      if (table?.poll_interval_secs !== undefined)
        chain.pollIntervalMs = Math.max(1, Math.round(table.poll_interval_secs * 1000))
      return chain
    })
    .sort((a, b) => a.chainId - b.chainId)
}

function toModuleEntry(
  raw: NonNullable<RawEngineConfig['modules']>[number],
  keyPath: string,
  baseDir: string,
): ModuleEntry {
  const path = resolve(baseDir, raw.path)
  const entry: ModuleEntry = {
    path,
    manifestPath: raw.manifest === undefined ? resolve(path, 'module.toml') : resolve(baseDir, raw.manifest),
    keyPath,
  }
  if (raw.name !== undefined) entry.name = raw.name
  if (raw.config !== undefined) {
    entry.config = Object.fromEntries(Object.entries(raw.config).map(([k, v]) => [k, renderConfigValue(v)]))
  }
  if (raw.subscriptions !== undefined) entry.subscriptions = raw.subscriptions.map(toSubscription)
  return entry
}

function hasScheme(schemes: readonly string[]): (text: string) => boolean {
  return (text) => URL.canParse(text) && schemes.includes(new URL(text).protocol)
}

/** `127.0.0.1:9464`, `localhost:0`, `[::1]:9464`; undefined when it is none of these. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text)
  if (!m) return undefined
  const port = Number(m[3])
  if (port > 65_535) return undefined
  return { host: (m[1] ?? m[2])!, port }
}
