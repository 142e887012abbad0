import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.js'
import { ConfigError, ConfigErrors, ConfigSyntaxError, MissingConfigFileError } from './config-error.js'
import {
  DEFAULT_LOG_LEVEL,
  MAX_LIMIT_SECS,
  engineConfigFromObject,
  loadEngineConfigFile,
  parseEngineConfigToml,
  type EngineConfigContext,
} from './load-engine-config.js'
import { DEFAULT_LIMITS } from './types.js'

const BASE = '/srv/engine'
const toml = (text: string, env?: Record<string, string>) => parseEngineConfigToml(text, `${BASE}/engine.toml`, { env })

function configError(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}
const tomlError = (text: string, env?: Record<string, string>) => configError(() => toml(text, env))
const inline = (obj: unknown, ctx: Partial<EngineConfigContext> = {}) =>
  engineConfigFromObject(obj, {
    file: 'scenarios/s.yaml',
    baseDir: '/repo/scenarios',
    keyPrefix: 'engine',
    defaultStateDir: null,
    ...ctx,
  })

describe('parseEngineConfigToml', () => {
  it('reads every key', () => {
    const config = toml(`
[engine]
state_dir = "./data/m2"
log_level = "info,nexum_engine=debug"
isolation = "in-process"

[engine.limits]
dispatch_deadline_secs = 5
rpc_timeout_secs = 2.5
orderbook_timeout_secs = 1
module_memory_mb = 64
drain_deadline_secs = 3
boot_deadline_secs = 7
block_queue_max = 16
log_queue_max = 500

[chains.11155111]
rpc_url = "wss://ethereum-sepolia-rpc.publicnode.com"
orderbook_url = "https://api.cow.fi/sepolia"

[chains.1]
rpc_url = "https://ethereum-rpc.publicnode.com"

[[modules]]
path = "modules/twap-monitor"
manifest = "manifests/twap.toml"
name = "twap-a"
config = { threshold = "2500.00", decimals = 8, ratio = 0.5, enabled = false, big = 123456789012345678901234567890 }
subscriptions = [
  { kind = "block", chain_id = 11155111 },
  { kind = "log", chain_id = 11155111, address = "0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74" },
  { kind = "cron", schedule = "@hourly" },
]

[[modules]]
path = "/abs/stop-loss"
`)
    expect(config).toEqual({
      file: `${BASE}/engine.toml`,
      stateDir: `${BASE}/data/m2`,
      logLevel: 'info,nexum_engine=debug',
      isolation: 'in-process',
      limits: {
        dispatchDeadlineMs: 5000,
        rpcTimeoutMs: 2500,
        orderbookTimeoutMs: 1000,
        moduleMemoryMb: 64,
        drainDeadlineMs: 3000,
        bootDeadlineMs: 7000,
        blockQueueMax: 16,
        logQueueMax: 500,
      },
      chains: [
        { chainId: 1, rpcUrl: 'https://ethereum-rpc.publicnode.com' },
        {
          chainId: 11155111,
          rpcUrl: 'wss://ethereum-sepolia-rpc.publicnode.com',
          orderbookUrl: 'https://api.cow.fi/sepolia',
        },
      ],
      modules: [
        {
          path: `${BASE}/modules/twap-monitor`,
          manifestPath: `${BASE}/manifests/twap.toml`,
          name: 'twap-a',
          config: {
            threshold: '2500.00',
            decimals: '8',
            ratio: '0.5',
            enabled: 'false',
            big: '123456789012345678901234567890',
          },
          subscriptions: [
            { kind: 'block', chainId: 11155111 },
            { kind: 'log', chainId: 11155111, address: '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74' },
            { kind: 'cron', schedule: '@hourly' },
          ],
          keyPath: 'modules[0]',
        },
        { path: '/abs/stop-loss', manifestPath: '/abs/stop-loss/module.toml', keyPath: 'modules[1]' },
      ],
    })
  })

  it('defaults: ./data beside the file, info, the default limits, no chains, no modules', () => {
    expect(toml('')).toEqual({
      file: `${BASE}/engine.toml`,
      stateDir: `${BASE}/data`,
      logLevel: DEFAULT_LOG_LEVEL,
      limits: DEFAULT_LIMITS,
      chains: [],
      modules: [],
    })
    expect(DEFAULT_LOG_LEVEL).toBe('info')
    expect(DEFAULT_LIMITS).toEqual({
      dispatchDeadlineMs: 120_000,
      rpcTimeoutMs: 30_000,
      orderbookTimeoutMs: 10_000,
      moduleMemoryMb: 256,
      drainDeadlineMs: 10_000,
      bootDeadlineMs: 30_000,
      blockQueueMax: 128,
      logQueueMax: 10_000,
    })
  })

  it('a partial [engine.limits] keeps the other defaults', () => {
    expect(toml('[engine.limits]\nrpc_timeout_secs = 3').limits).toEqual({ ...DEFAULT_LIMITS, rpcTimeoutMs: 3000 })
  })

  it('a chain table may be empty (simulations inject the world)', () => {
    expect(toml('[chains.11155111]').chains).toEqual([{ chainId: 11155111 }])
  })

  it('an absolute state_dir stays as written', () => {
    expect(toml('[engine]\nstate_dir = "/var/lib/nexum"').stateDir).toBe('/var/lib/nexum')
  })

  it('substitutes ${VAR} from the given env only', () => {
    const config = toml('[chains.1]\nrpc_url = "wss://eth.example/v2/${API_KEY}"\n[[modules]]\npath = "${MODS}/x"', {
      API_KEY: 's3cret',
      MODS: 'm',
    })
    expect(config.chains[0]?.rpcUrl).toBe('wss://eth.example/v2/s3cret')
    expect(config.modules[0]?.path).toBe(`${BASE}/m/x`)
  })
})

describe('parseEngineConfigToml errors', () => {
  it('a syntax error names the file, line and column', () => {
    const error = tomlError('[engine]\nstate_dir = \n')
    expect(error).toBeInstanceOf(ConfigSyntaxError)
    expect(error.message).toBe(`${BASE}/engine.toml:2:13: expected valid TOML, found a syntax error (invalid value)`)
  })

  it('an isolation setting or module heap limit out of range', () => {
    expect(tomlError('[engine]\nisolation = "thread"').message).toBe(
      `${BASE}/engine.toml: engine.isolation: expected one of worker, in-process, found "thread"`,
    )
    expect(tomlError('[engine.limits]\nmodule_memory_mb = 8').message).toBe(
      `${BASE}/engine.toml: engine.limits.module_memory_mb: expected a whole number of megabytes from 16 to 65536, found 8`,
    )
    expect(tomlError('[engine.limits]\nblock_queue_max = 0').message).toBe(
      `${BASE}/engine.toml: engine.limits.block_queue_max: expected a whole number of events from 1 to 1000000, found 0`,
    )
    expect(tomlError('[engine.limits]\nlog_queue_max = 2.5').keyPath).toBe('engine.limits.log_queue_max')
    expect(tomlError('[engine.limits]\nboot_deadline_secs = 0').keyPath).toBe('engine.limits.boot_deadline_secs')
    expect(tomlError('[engine.limits]\nboot_deadline_secs = 3000000').keyPath).toBe('engine.limits.boot_deadline_secs')
  })

  it('an unknown key anywhere', () => {
    expect(tomlError('[engine]\nlgo_level = "debug"').message).toBe(
      `${BASE}/engine.toml: engine.lgo_level: expected a known key (state_dir, log_level, metrics_addr, limits, isolation, orderbook_policy), found an unknown key`,
    )
    expect(tomlError('[engine.limits]\nfuel_per_event = 1').keyPath).toBe('engine.limits.fuel_per_event')
    expect(tomlError('[chains.1]\nrequire_ws = false').keyPath).toBe('chains.1.require_ws')
    expect(tomlError('[[modules]]\npath = "m"\nuse = "probe"').keyPath).toBe('modules[0].use')
    expect(tomlError('[metrics]\nport = 1').keyPath).toBe('metrics')
  })

  it('wrong types', () => {
    expect(tomlError('[engine]\nlog_level = 3').message).toBe(
      `${BASE}/engine.toml: engine.log_level: expected a log level (trace, debug, info, warn, error, off) or directives like info,nexum_engine=debug, found 3`,
    )
    expect(tomlError('[engine]\nstate_dir = 1').expected).toBe('a directory path (or null for an in-memory store)')
    expect(tomlError('chains = []').message).toBe(`${BASE}/engine.toml: chains: expected a table, found []`)
    expect(tomlError('[chains.1]\nrpc_url = 42').message).toBe(
      `${BASE}/engine.toml: chains.1.rpc_url: expected a ws://, wss://, http:// or https:// URL, found 42`,
    )
    expect(tomlError('modules = { path = "x" }').expected).toBe('an array')
    expect(tomlError('[[modules]]\npath = "m"\nconfig = { list = [1] }').message).toBe(
      `${BASE}/engine.toml: modules[0].config.list: expected a string, number or boolean, found [1]`,
    )
  })

  it('a log level that is not a level', () => {
    expect(tomlError('[engine]\nlog_level = "verbose"').found).toBe('"verbose"')
  })

  it('limits must be positive numbers of seconds a timer can hold', () => {
    expect(tomlError('[engine.limits]\nrpc_timeout_secs = 0').message).toBe(
      `${BASE}/engine.toml: engine.limits.rpc_timeout_secs: expected a positive number of seconds (at most ${MAX_LIMIT_SECS}), found 0`,
    )
    expect(tomlError('[engine.limits]\ndispatch_deadline_secs = -1').found).toBe('-1')
    expect(tomlError('[engine.limits]\norderbook_timeout_secs = "10"').found).toBe('"10"')
    expect(tomlError(`[engine.limits]\nrpc_timeout_secs = ${MAX_LIMIT_SECS + 1}`).keyPath).toBe(
      'engine.limits.rpc_timeout_secs',
    )
    expect(tomlError('[engine.limits]\nrpc_timeout_secs = inf').found).toBe('inf')
    expect(toml(`[engine.limits]\nrpc_timeout_secs = ${MAX_LIMIT_SECS}`).limits.rpcTimeoutMs).toBe(
      MAX_LIMIT_SECS * 1000,
    )
    expect(toml('[engine.limits]\nrpc_timeout_secs = 0.0001').limits.rpcTimeoutMs).toBe(1)
  })

  it('URLs must parse with an allowed scheme', () => {
    expect(tomlError('[chains.1]\nrpc_url = "localhost:8545"').keyPath).toBe('chains.1.rpc_url')
    expect(tomlError('[chains.1]\nrpc_url = "ftp://node"').keyPath).toBe('chains.1.rpc_url')
    expect(tomlError('[chains.1]\norderbook_url = "wss://api.cow.fi"').message).toBe(
      `${BASE}/engine.toml: chains.1.orderbook_url: expected an http:// or https:// URL, found "wss://api.cow.fi"`,
    )
  })

  it('chain ids must be decimal integers', () => {
    expect(tomlError('[chains.mainnet]').message).toBe(
      `${BASE}/engine.toml: chains.mainnet: expected a chain id key (a decimal integer from 1 to 2^53-1), found the key "mainnet"`,
    )
    expect(tomlError('[chains.0x1]').keyPath).toBe('chains.0x1')
    expect(tomlError('[chains.01]').keyPath).toBe('chains.01')
    expect(tomlError('[chains.0]').keyPath).toBe('chains.0')
    expect(tomlError('[chains.18446744073709551616]').keyPath).toBe('chains.18446744073709551616')
  })

  it('a module entry needs a path', () => {
    expect(tomlError('[[modules]]\nname = "x"').message).toBe(
      `${BASE}/engine.toml: modules[0].path: expected a path (a non-empty string), found nothing`,
    )
    expect(tomlError('[[modules]]\npath = ""').found).toBe('""')
  })

  it('module names are non-empty and have no "/"', () => {
    expect(tomlError('[[modules]]\npath = "m"\nname = "a/b"').message).toBe(
      `${BASE}/engine.toml: modules[0].name: expected a module name (non-empty, without "/"), found "a/b"`,
    )
    expect(tomlError('[[modules]]\npath = "m"\nname = ""').keyPath).toBe('modules[0].name')
  })

  it('subscriptions follow the manifest rules', () => {
    const error = tomlError(
      '[[modules]]\npath = "m"\nsubscriptions = [{ kind = "block", chain_id = 1 }, { kind = "blok", chain_id = 1 }]',
    )
    expect(error.message).toBe(
      `${BASE}/engine.toml: modules[0].subscriptions[1].kind: expected one of block, log, cron, found "blok"`,
    )
    expect(
      tomlError('[[modules]]\npath = "m"\nsubscriptions = [{ kind = "log", chain_id = 1, event_signature = "0x12" }]')
        .keyPath,
    ).toBe('modules[0].subscriptions[0].event_signature')
  })

  it('a missing variable is an error naming it; other checks at that key are not piled on', () => {
    const error = tomlError('[chains.11155111]\nrpc_url = "${SEPOLIA_RPC_URL}"')
    expect(error).not.toBeInstanceOf(ConfigErrors)
    expect(error.message).toBe(
      `${BASE}/engine.toml: chains.11155111.rpc_url: expected environment variable SEPOLIA_RPC_URL to be set, found nothing`,
    )
  })

  it('a bad substituted value is reported without showing the value', () => {
    const error = tomlError('[chains.1]\nrpc_url = "${URL}"', { URL: 'user:s3cret@node' })
    expect(error.message).toBe(
      `${BASE}/engine.toml: chains.1.rpc_url: expected a ws://, wss://, http:// or https:// URL, found the substituted value of "\${URL}"`,
    )
    expect(error.message).not.toContain('s3cret')
  })

  it('reports every problem, one line each', () => {
    const error = tomlError(
      '[engine]\nlog_level = "loud"\n[chains.x]\n[[modules]]\nname = "m"\nconfig = { k = "${NOPE}" }',
    )
    expect(error).toBeInstanceOf(ConfigErrors)
    expect((error as ConfigErrors).errors.map((e) => e.keyPath)).toEqual([
      'modules[0].config.k',
      'engine.log_level',
      'chains.x',
      'modules[0].path',
    ])
    expect(error.message.split('\n')).toHaveLength(4)
  })
})

describe('engineConfigFromObject (inline engine)', () => {
  it('accepts the scenario shape: engine keys at the top, numeric chain keys, null chain tables', () => {
    const config = inline({
      state_dir: null,
      log_level: 'debug',
      limits: { dispatch_deadline_secs: 1 },
      chains: { 11155111: {}, 1: null },
      modules: [
        {
          path: '../modules/probe',
          name: 'probe-a',
          config: { fail_first_n: 2 },
          subscriptions: [{ kind: 'block', chain_id: 1 }],
        },
      ],
    })
    expect(config).toEqual({
      file: 'scenarios/s.yaml',
      stateDir: null,
      logLevel: 'debug',
      limits: { ...DEFAULT_LIMITS, dispatchDeadlineMs: 1000 },
      chains: [{ chainId: 1 }, { chainId: 11155111 }],
      modules: [
        {
          path: '/repo/modules/probe',
          manifestPath: '/repo/modules/probe/module.toml',
          name: 'probe-a',
          config: { fail_first_n: '2' },
          subscriptions: [{ kind: 'block', chainId: 1 }],
          keyPath: 'engine.modules[0]',
        },
      ],
    })
  })

  it('state_dir: absent → the caller default (null = in-memory), a string → resolved', () => {
    expect(inline({}).stateDir).toBeNull()
    expect(inline({}, { defaultStateDir: undefined }).stateDir).toBe('/repo/scenarios/data')
    expect(inline({}, { defaultStateDir: '/tmp/state' }).stateDir).toBe('/tmp/state')
    expect(inline({ state_dir: 'state' }).stateDir).toBe('/repo/scenarios/state')
    expect(inline({ engine: { state_dir: null } }, { defaultStateDir: undefined }).stateDir).toBeNull()
  })

  it('also accepts the TOML shape ([engine] section)', () => {
    expect(inline({ engine: { log_level: 'warn' } }).logLevel).toBe('warn')
  })

  it('refuses the same key at the top and under engine', () => {
    expect(configError(() => inline({ log_level: 'warn', engine: { log_level: 'info' } })).message).toBe(
      'scenarios/s.yaml: engine.log_level: expected log_level either at the top or under engine, not both, found "warn"',
    )
  })

  it('prefixes key paths in errors', () => {
    expect(configError(() => inline({ modules: [{ path: 'x', subscriptions: [{ kind: 'tick' }] }] })).message).toBe(
      'scenarios/s.yaml: engine.modules[0].subscriptions[0].kind: expected one of block, log, cron, found "tick"',
    )
    const both = configError(() => inline({ modules: [{ use: 'probe' }] }))
    expect(both).toBeInstanceOf(ConfigErrors)
    expect((both as ConfigErrors).errors.map((e) => e.keyPath)).toEqual([
      'engine.modules[0].path',
      'engine.modules[0].use',
    ])
  })

  it('does not read process.env', () => {
    process.env.NEXUM_CONFIG_TEST_VAR = 'leak'
    try {
      expect(configError(() => inline({ chains: { 1: { rpc_url: '${NEXUM_CONFIG_TEST_VAR}' } } })).expected).toBe(
        'environment variable NEXUM_CONFIG_TEST_VAR to be set',
      )
    } finally {
      delete process.env.NEXUM_CONFIG_TEST_VAR
    }
  })

  it('refuses a non-table', () => {
    expect(configError(() => inline('engine.toml')).message).toBe(
      'scenarios/s.yaml: engine: expected a table, found "engine.toml"',
    )
  })
})

describe('loadEngineConfigFile', () => {
  it('reads a file and resolves paths against its folder', async () => {
    const dir = tempDir('engine-config-')
    const path = join(dir, 'engine.toml')
    await writeFile(path, '[chains.1]\nrpc_url = "wss://node/${K}"\n[[modules]]\npath = "./mods/probe"\n')
    const config = await loadEngineConfigFile(path, { K: 'key' })
    expect(config.file).toBe(path)
    expect(config.stateDir).toBe(join(dir, 'data'))
    expect(config.chains).toEqual([{ chainId: 1, rpcUrl: 'wss://node/key' }])
    expect(config.modules[0]?.manifestPath).toBe(join(dir, 'mods/probe/module.toml'))
  })

  it('a missing file is a ConfigError: expected an engine.toml file, found nothing', async () => {
    const dir = tempDir('engine-config-')
    const path = join(dir, 'engine.toml')
    const error = await loadEngineConfigFile(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingConfigFileError)
    expect((error as Error).message).toBe(`${path}: expected an engine.toml file, found nothing`)
  })

  it('an error in the file names the file as given', async () => {
    const dir = tempDir('engine-config-')
    const path = join(dir, 'engine.toml')
    await writeFile(path, '[chains.11155111]\nrpc_url = 1\n')
    await expect(loadEngineConfigFile(path)).rejects.toThrow(`${path}: chains.11155111.rpc_url: expected a ws://`)
  })
})

describe('issue 10 keys: metrics_addr, poll_interval_secs, simulations', () => {
  it('metrics_addr is host:port (off when absent); poll_interval_secs is per chain', () => {
    const config = toml(
      '[engine]\nmetrics_addr = "127.0.0.1:9464"\n[chains.1]\nrpc_url = "https://rpc.example/v2/key"\npoll_interval_secs = 2.5\n',
    )
    expect(config.metricsAddr).toEqual({ host: '127.0.0.1', port: 9464 })
    expect(config.chains).toEqual([{ chainId: 1, rpcUrl: 'https://rpc.example/v2/key', pollIntervalMs: 2500 }])
    expect(toml('').metricsAddr).toBeUndefined()
    expect(toml('[engine]\nmetrics_addr = "[::1]:0"\n').metricsAddr).toEqual({ host: '::1', port: 0 })
  })

  it.each(['9464', '127.0.0.1', '127.0.0.1:99999', 'http://127.0.0.1:9464'])(
    'metrics_addr %s is refused naming the key',
    (addr) => {
      const error = tomlError(`[engine]\nmetrics_addr = "${addr}"\n`)
      expect(error.keyPath).toBe('engine.metrics_addr')
      expect(error.message).toContain('host:port to serve Prometheus metrics on')
    },
  )

  it('an rpc_url scheme other than ws(s) or http(s) is refused naming the key', () => {
    const error = tomlError('[chains.11155111]\nrpc_url = "ftp://node.example"\n')
    expect(error.keyPath).toBe('chains.11155111.rpc_url')
  })

  it('a simulation ignores rpc_url (not even substituted) and reads no environment', () => {
    const config = inline(
      { chains: { 11155111: { rpc_url: '${SEPOLIA_WS_URL}' } } },
      { env: { SEPOLIA_WS_URL: 'wss://secret.example/v3/abc' }, simulated: true },
    )
    expect(config.chains).toEqual([{ chainId: 11155111 }])
    const error = configError(() =>
      inline({ modules: [{ path: 'm', config: { key: '${API_KEY}' } }] }, { env: { API_KEY: 'x' }, simulated: true }),
    )
    expect(error.keyPath).toBe('engine.modules[0].config.key')
    expect(error.message).toContain('no ${NAME} reference outside chains.<id>.rpc_url in a simulation')
  })
})
