import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engineConfigFromObject } from '../../engine/config/load-engine-config.js'
import { loadScenarioFile, parseScenario } from './load-scenario.js'
import { scanModules } from './module-index.js'
import { ScenarioError, ScenarioErrors, scenarioErrorsOf } from './scenario-error.js'
import { fnv1a32 } from './stable-hash.js'
import type { Scenario, Step } from './types.js'

// The outside examples, kept verbatim in the repository (test/fixtures/outside-examples/README.md).
const EXAMPLES = fileURLToPath(new URL('../../test/fixtures/outside-examples', import.meta.url))

let tmp: string
let modulesDir: string
let scenarioDir: string

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'load-scenario-'))
  modulesDir = path.join(tmp, 'modules')
  scenarioDir = path.join(tmp, 'scenarios')
  const modules: [string, string][] = [
    ['balance-tracker', 'balance-tracker'],
    ['stop-loss', 'stop-loss'],
    ['fixtures/probe', 'probe'],
    ['fixtures/flaky', 'flaky'],
  ]
  for (const [folder, name] of modules) {
    await mkdir(path.join(modulesDir, folder), { recursive: true })
    await writeFile(path.join(modulesDir, folder, 'module.toml'), `[module]\nname = "${name}"\n`)
  }
  await mkdir(path.join(scenarioDir, 'cassettes'), { recursive: true })
  await writeFile(path.join(scenarioDir, 'cassettes', 'run.json'), '{}')
})

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

const FILE = () => path.join(scenarioDir, 's.yaml')

function load(yaml: string): Promise<Scenario> {
  return parseScenario(yaml, FILE(), { modulesDir })
}

/** The messages a file is rejected with (fails the test when it loads). */
async function problems(yaml: string): Promise<string[]> {
  try {
    await load(yaml)
  } catch (e) {
    const errors = scenarioErrorsOf(e)
    if (errors.length === 0) throw e
    return errors.map((x) => x.message.replace(`${FILE()}: `, ''))
  }
  throw new Error('the scenario loaded, but should have been rejected')
}

const HEAD = 'version: 1\nname: n\nengine: ./engine.toml\n'
const MINIMAL = `${HEAD}steps: []\n`

/** A scenario whose steps are `steps` (YAML list items). */
const withSteps = (steps: string) => `${HEAD}steps:\n${steps}`

async function onlyStep(yaml: string): Promise<Step> {
  const s = await load(withSteps(yaml))
  expect(s.steps).toHaveLength(1)
  return s.steps[0]!
}

describe('the outside examples load unchanged', () => {
  it('balance-tracker-rpc-error.yaml', async () => {
    const s = await loadScenarioFile(path.join(EXAMPLES, 'balance-tracker-rpc-error.yaml'), { modulesDir })
    expect(s.file).toBe(path.join(EXAMPLES, 'balance-tracker-rpc-error.yaml'))
    expect(s.dir).toBe(EXAMPLES)
    expect(s.seed).toBe(fnv1a32(s.name))
    expect(s.seedFromFile).toBe(false)
    expect(s.engine).toEqual({
      kind: 'inline',
      value: {
        chains: { '11155111': {} },
        modules: [
          {
            path: path.join(modulesDir, 'balance-tracker'),
            config: {
              addresses: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8,0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
              change_threshold: '100000000000000000',
            },
          },
        ],
      },
    })
    const sepolia = s.chain.get(11155111)!
    expect(sepolia.head).toEqual({ number: 7000000, timestamp: 1750000000 })
    expect(sepolia.balances.get('0x70997970c51812dc3a010c7d01b50e0d17dc79c8')).toBe(10n ** 18n)
    expect(sepolia.rpc).toEqual([
      {
        method: 'eth_getBalance',
        params: ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8', 'latest'],
        error: { code: -32000, message: 'header not found' },
        times: 1,
      },
    ])
    expect(s.steps.map((x) => x.kind)).toEqual(['block', 'expect', 'block', 'signal'])
    const checkpoint = s.steps[1]!
    expect(checkpoint.kind === 'expect' && checkpoint.expect.at).toBe('steps[1].expect')
    expect(s.expect?.calls?.get('balance-tracker')?.get('eth_getBalance')).toEqual({ min: 4, max: 4, text: '4' })
  })

  it('flaky-module-recovers.yaml', async () => {
    const s = await loadScenarioFile(path.join(EXAMPLES, 'flaky-module-recovers.yaml'), { modulesDir })
    const modules = (s.engine as { kind: 'inline'; value: Record<string, unknown> }).value.modules
    expect(modules).toEqual([
      {
        path: path.join(modulesDir, 'fixtures/flaky'),
        name: 'fragile',
        config: { fail_first_n: '1' },
        subscriptions: [{ kind: 'block', chain_id: 11155111 }],
      },
      {
        path: path.join(modulesDir, 'fixtures/probe'),
        name: 'witness',
        subscriptions: [{ kind: 'block', chain_id: 11155111 }],
      },
    ])
    expect(s.steps[0]).toEqual({ at: 'steps[0]', kind: 'blocks', count: 3 })
    expect(s.expect?.dead).toEqual(['fragile'])
    // No `chain:` section: the engine's chain still gets the default head.
    expect([...s.chain.keys()]).toEqual([11155111])
  })

  it('two-chains-fan-out.yaml', async () => {
    const s = await loadScenarioFile(path.join(EXAMPLES, 'two-chains-fan-out.yaml'), { modulesDir })
    expect([...s.chain.keys()]).toEqual([1, 11155111])
    expect(s.chain.get(1)?.head).toEqual({ number: 21000000, timestamp: 1750000000 })
    expect(s.steps[3]).toEqual({ at: 'steps[3]', kind: 'drop', stream: 'blocks', chain: 1 })
    expect(s.steps[5]).toEqual({
      at: 'steps[5]',
      kind: 'expect',
      expect: { at: 'steps[5].expect', exit: { reason: 'running' } },
    })
    expect([...(s.expect?.dispatch?.keys() ?? [])]).toEqual(['mainnet-watcher', 'sepolia-watcher', 'both'])
  })

  it('hands inline engines over in a form the engine loader accepts', async () => {
    for (const name of ['balance-tracker-rpc-error.yaml', 'flaky-module-recovers.yaml', 'two-chains-fan-out.yaml']) {
      const s = await loadScenarioFile(path.join(EXAMPLES, name), { modulesDir })
      if (s.engine.kind !== 'inline') throw new Error(`${name}: expected an inline engine`)
      const config = engineConfigFromObject(s.engine.value, {
        file: s.file,
        baseDir: s.dir,
        keyPrefix: 'engine',
        defaultStateDir: null,
      })
      expect(config.modules.every((m) => m.path.startsWith(modulesDir))).toBe(true)
    }
  })

  it('a module folder scanned once can serve many files', async () => {
    const moduleIndex = await scanModules(modulesDir)
    const s = await loadScenarioFile(path.join(EXAMPLES, 'two-chains-fan-out.yaml'), {
      modulesDir: '/nonexistent',
      moduleIndex,
    })
    expect(s.name).toContain('fan out')
  })
})

describe('top level', () => {
  it('fills the defaults', async () => {
    const s = await load(MINIMAL)
    expect(s).toEqual({
      file: FILE(),
      dir: scenarioDir,
      version: 1,
      name: 'n',
      description: undefined,
      modes: ['fixture'],
      seed: fnv1a32('n'),
      seedFromFile: false,
      engine: { kind: 'file', path: path.join(scenarioDir, 'engine.toml') },
      chain: new Map(),
      cassette: undefined,
      orderbook: { default: 'accept', rules: [] },
      steps: [],
      expect: undefined,
      store: 'memory',
    })
  })

  it('reads every top-level key', async () => {
    const s = await load(`version: 1
name: everything
description: |
  two lines
  of text
modes: [anvil, fixture, anvil]
seed: 42
engine: ../engines/engine.toml
cassette: cassettes/run.json
orderbook: { default: reject }
steps: []
expect: { alive: [a] }
`)
    expect(s.description).toBe('two lines\nof text\n')
    expect(s.modes).toEqual(['anvil', 'fixture'])
    expect([s.seed, s.seedFromFile]).toEqual([42, true])
    expect(s.engine).toEqual({ kind: 'file', path: path.join(tmp, 'engines', 'engine.toml') })
    expect(s.cassette).toBe(path.join(scenarioDir, 'cassettes', 'run.json'))
    expect(s.orderbook).toEqual({ default: 'reject', rules: [] })
    expect(s.expect).toEqual({ at: 'expect', alive: ['a'] })
  })

  it('accepts a seed of 0 and large unsigned seeds', async () => {
    expect((await load(`${MINIMAL}seed: 0\n`)).seed).toBe(0)
    expect((await load(`${MINIMAL}seed: 4294967295\n`)).seed).toBe(4294967295)
  })

  it('loads from a file path, resolving relative paths against its folder', async () => {
    await writeFile(FILE(), `${MINIMAL}cassette: ./cassettes/run.json\n`)
    const s = await loadScenarioFile(FILE(), { modulesDir })
    expect(s.cassette).toBe(path.join(scenarioDir, 'cassettes', 'run.json'))
  })
})

describe('inline engine', () => {
  it('resolves use to the module folder and a relative path against the scenario, passing the rest through', async () => {
    const s = await load(`version: 1
name: n
engine:
  state_dir: null
  log_level: debug
  chains: { 11155111: { orderbook_url: "https://example.org" } }
  modules:
    - use: stop-loss
      config: { trigger_price: "2500.00", big: 100000000000000000000, small: 5 }
    - use: probe
      name: probe-a
      subscriptions:
        - { kind: log, chain_id: 11155111, address: 0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74 }
    - path: ./my-module
      manifest: ./my-module/other.toml
steps: []
`)
    expect(s.engine).toEqual({
      kind: 'inline',
      value: {
        state_dir: null,
        log_level: 'debug',
        chains: { '11155111': { orderbook_url: 'https://example.org' } },
        modules: [
          {
            path: path.join(modulesDir, 'stop-loss'),
            config: { trigger_price: '2500.00', big: '100000000000000000000', small: 5 },
          },
          {
            path: path.join(modulesDir, 'fixtures/probe'),
            name: 'probe-a',
            subscriptions: [{ kind: 'log', chain_id: 11155111, address: '0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74' }],
          },
          { path: path.join(scenarioDir, 'my-module'), manifest: './my-module/other.toml' },
        ],
      },
    })
    expect([...s.chain.keys()]).toEqual([11155111])
  })

  it('leaves everything but the module outline to the engine loader', async () => {
    const s = await load(`${HEAD.replace('engine: ./engine.toml\n', '')}engine:
  chains: { not-a-chain: { bogus: 1 } }
  modules: [ { use: probe, subscriptions: [ { kind: telepathy } ] } ]
  whatever: true
steps: []
`)
    expect(s.engine.kind === 'inline' && s.engine.value.whatever).toBe(true)
    expect(s.chain.size).toBe(0)
  })

  it('accepts an engine without modules (the engine reports nothing-to-run)', async () => {
    const s = await load('version: 1\nname: n\nengine: { chains: { 1: {} } }\nsteps: []\n')
    expect(s.engine).toEqual({ kind: 'inline', value: { chains: { '1': {} } } })
  })
})

describe('chain', () => {
  it('reads heads, balances, all contract kinds and rpc rules', async () => {
    const s = await load(`${MINIMAL}chain:
  "11155111":
    head: { number: 100 }
    balances:
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": "1000000000000000000"
      0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266: 2000000000000000000
    contracts:
      "0x694AA1769357215DE4FAC081bf1f309aDC325306":
        kind: chainlink-aggregator
        decimals: 8
        answer: 174553978080
      "0x0000000000000000000000000000000000000001":
        kind: chainlink-aggregator
        answer: "-5"
        description: ETH / USD
        round_id: "18446744073709551617"
        updated_at: 1750000000
      "0x6810e776880C02933D47DB1b9fc05908e5386b96":
        kind: erc20
        balances: { "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": "0" }
      "0x0000000000000000000000000000000000000002":
        kind: erc20
        decimals: 6
        symbol: USDC
        allowances:
          "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": { "0xC92E8bdf79f0507f65a392b0ab4667716BFE0110": "115792089237316195423570985008687907853269984665640564039457584007913129639935" }
    rpc:
      - method: eth_getBalance
        params: ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "latest"]
        error: { code: -32000, message: "header not found", data: { why: x } }
        times: 1
      - { method: eth_blockNumber, delay: 200s, result: "0x6acfc0" }
      - { method: eth_getTransactionReceipt, result: null }
      - { method: eth_call, delay: never }
      - { method: eth_chainId, delay: 1m }
  1: {}
`)
    expect([...s.chain.keys()]).toEqual([1, 11155111])
    expect(s.chain.get(1)).toEqual({
      head: { number: 7000000, timestamp: 1750000000 },
      balances: new Map(),
      contracts: new Map(),
      rpc: [],
    })
    const c = s.chain.get(11155111)!
    expect(c.head).toEqual({ number: 100, timestamp: 1750000000 })
    expect(c.balances).toEqual(
      new Map([
        ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8', 10n ** 18n],
        ['0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', 2n * 10n ** 18n],
      ]),
    )
    expect(c.contracts.get('0x694aa1769357215de4fac081bf1f309adc325306')).toEqual({
      kind: 'chainlink-aggregator',
      decimals: 8,
      answer: 174553978080n,
      description: '',
      roundId: 1n,
      updatedAt: undefined,
    })
    expect(c.contracts.get('0x0000000000000000000000000000000000000001')).toEqual({
      kind: 'chainlink-aggregator',
      decimals: 8,
      answer: -5n,
      description: 'ETH / USD',
      roundId: 18446744073709551617n,
      updatedAt: 1750000000n,
    })
    expect(c.contracts.get('0x6810e776880c02933d47db1b9fc05908e5386b96')).toEqual({
      kind: 'erc20',
      balances: new Map([['0x70997970c51812dc3a010c7d01b50e0d17dc79c8', 0n]]),
      allowances: new Map(),
      decimals: 18,
      symbol: 'TKN',
    })
    expect(c.contracts.get('0x0000000000000000000000000000000000000002')).toEqual({
      kind: 'erc20',
      balances: new Map(),
      allowances: new Map([
        [
          '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
          new Map([['0xc92e8bdf79f0507f65a392b0ab4667716bfe0110', 2n ** 256n - 1n]]),
        ],
      ]),
      decimals: 6,
      symbol: 'USDC',
    })
    expect(c.rpc).toEqual([
      {
        method: 'eth_getBalance',
        params: ['0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', 'latest'],
        error: { code: -32000, message: 'header not found', data: { why: 'x' } },
        times: 1,
      },
      { method: 'eth_blockNumber', delay: 200_000, result: '0x6acfc0' },
      { method: 'eth_getTransactionReceipt', result: null },
      { method: 'eth_call', delay: 'never' },
      { method: 'eth_chainId', delay: 60_000 },
    ])
    expect('result' in c.rpc[2]!).toBe(true)
  })

  it('reads composable-cow contracts with scripted polls', async () => {
    const s = await load(`${MINIMAL}chain:
  11155111:
    contracts:
      "0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74":
        kind: composable-cow
        polls:
          - { outcome: try-at-epoch, epoch: 1750000600, reason: "not yet", times: 1 }
          - { outcome: try-next-block }
          - { outcome: try-at-block, block: 7000010, reason: wait, owner: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" }
          - { outcome: order-not-valid, reason: expired }
          - { outcome: never, reason: done }
          - outcome: ready
            signature: "0xABCD"
            order:
              sellToken: "0xfFf9976782d46CC05630D1f6eBAb18b2324d6B14"
              buyToken: "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238"
              sellAmount: "1000000000000000000"
              buyAmount: 2500000000
              validTo: 1750003600
              kind: sell
      "0x0000000000000000000000000000000000000003": { kind: composable-cow }
`)
    const cow = s.chain.get(11155111)!.contracts.get('0xfdafc9d1902f4e0b84f65f49f244b32b31013b74')
    expect(cow).toEqual({
      kind: 'composable-cow',
      polls: [
        { outcome: 'try-at-epoch', epoch: 1750000600n, reason: 'not yet', times: 1 },
        { outcome: 'try-next-block', reason: '' },
        {
          outcome: 'try-at-block',
          block: 7000010n,
          reason: 'wait',
          owner: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
        },
        { outcome: 'order-not-valid', reason: 'expired' },
        { outcome: 'never', reason: 'done' },
        {
          outcome: 'ready',
          signature: '0xabcd',
          order: {
            sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
            buyToken: '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238',
            receiver: `0x${'0'.repeat(40)}`,
            sellAmount: 10n ** 18n,
            buyAmount: 2500000000n,
            validTo: 1750003600,
            appData: `0x${'0'.repeat(64)}`,
            feeAmount: 0n,
            kind: 'sell',
            partiallyFillable: false,
            sellTokenBalance: 'erc20',
            buyTokenBalance: 'erc20',
          },
        },
      ],
    })
    expect(s.chain.get(11155111)!.contracts.get('0x0000000000000000000000000000000000000003')).toEqual({
      kind: 'composable-cow',
      polls: [],
    })
  })
})

describe('orderbook', () => {
  it('reads rules: match, respond (status, body, text, headers, delay) and times', async () => {
    const s = await load(`${MINIMAL}orderbook:
  default: accept
  rules:
    - match: { method: POST, path: /api/v1/orders }
      respond:
        status: 400
        body: { errorType: TransferSimulationFailed, description: "sell token cannot be transferred" }
      times: 2
    - match: { method: post, path: /api/v1/orders }
      respond: { status: 429, text: "slow down", headers: { Retry-After: 5, X-Why: "because" } }
    - match: { path: "/api/v1/orders/*" }
      respond: { delay: never }
    - match: { method: GET, path: /api/v1/version }
      respond: { delay: 2s, status: 200, text: "1.0" }
`)
    expect(s.orderbook).toEqual({
      default: 'accept',
      rules: [
        {
          match: { method: 'POST', path: '/api/v1/orders' },
          respond: {
            status: 400,
            body: { errorType: 'TransferSimulationFailed', description: 'sell token cannot be transferred' },
          },
          times: 2,
        },
        {
          match: { method: 'POST', path: '/api/v1/orders' },
          respond: { status: 429, text: 'slow down', headers: { 'Retry-After': '5', 'X-Why': 'because' } },
        },
        { match: { path: '/api/v1/orders/*' }, respond: { delay: 'never' } },
        { match: { method: 'GET', path: '/api/v1/version' }, respond: { delay: 2000, status: 200, text: '1.0' } },
      ],
    })
  })
})

describe('orderbook rules: the reject form', () => {
  it('reads reject with an optional status and description', async () => {
    const s = await load(`${MINIMAL}orderbook:
  rules:
    - { match: { path: /api/v1/orders }, respond: { reject: SellAmountOverflow } }
    - { match: { path: /api/v1/orders }, respond: { reject: WrongOwner, status: 401, description: "other signer" } }
`)
    expect(s.orderbook.rules.map((r) => r.respond)).toEqual([
      { reject: 'SellAmountOverflow' },
      { reject: 'WrongOwner', status: 401, description: 'other signer' },
    ])
  })

  it('refuses an unknown name, reject beside body or text, and description without reject', async () => {
    expect(
      await problems(`${MINIMAL}orderbook:
  rules:
    - { match: { path: /api/v1/orders }, respond: { reject: SellAmountOverfow } }
    - { match: { path: /api/v1/orders }, respond: { reject: NonZeroFee, text: "x" } }
    - { match: { path: /api/v1/orders }, respond: { status: 400, description: "x" } }
`),
    ).toEqual([
      expect.stringMatching(
        /^orderbook\.rules\[0\]\.respond\.reject: expected a rejection named in docs\/orderbook\.md .*, found "SellAmountOverfow"$/,
      ),
      expect.stringMatching(/^orderbook\.rules\[1\]\.respond\.text: expected reject names the whole answer/),
      expect.stringMatching(
        /^orderbook\.rules\[2\]\.respond\.description: expected description adjusts a `reject:` answer/,
      ),
    ])
  })
})

describe('steps', () => {
  it('block: every field, or none (written {} or left empty)', async () => {
    expect(
      await onlyStep(`  - block: { chain: 1, number: 5, timestamp: 1750000012, hash: "0x${'AB'.repeat(32)}" }\n`),
    ).toEqual({
      at: 'steps[0]',
      kind: 'block',
      chain: 1,
      number: 5,
      timestamp: 1750000012,
      hash: `0x${'ab'.repeat(32)}`,
    })
    expect(await onlyStep('  - block: {}\n')).toEqual({ at: 'steps[0]', kind: 'block' })
    expect(await onlyStep('  - block:\n')).toEqual({ at: 'steps[0]', kind: 'block' })
  })

  it('blocks: a count and an optional chain; a bare number is the count', async () => {
    expect(await onlyStep('  - blocks: { count: 3, chain: 1 }\n')).toEqual({
      at: 'steps[0]',
      kind: 'blocks',
      count: 3,
      chain: 1,
    })
    expect(await onlyStep('  - blocks: 4\n')).toEqual({ at: 'steps[0]', kind: 'blocks', count: 4 })
  })

  it('reorg: a depth and an optional chain; a bare number is the depth', async () => {
    expect(await onlyStep('  - reorg: { depth: 2, chain: 1 }\n')).toEqual({
      at: 'steps[0]',
      kind: 'reorg',
      depth: 2,
      chain: 1,
    })
    expect(await onlyStep('  - reorg: 1\n')).toEqual({ at: 'steps[0]', kind: 'reorg', depth: 1 })
  })

  it('log: every field, data defaulting to 0x', async () => {
    const topic = `0x${'2c'.repeat(32)}`
    expect(
      await onlyStep(
        `  - log: { chain: 11155111, address: "0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74", topics: ["${topic}"], data: "0x01", block: 7000001, tx: "0x${'11'.repeat(32)}", index: 2, removed: true }\n`,
      ),
    ).toEqual({
      at: 'steps[0]',
      kind: 'log',
      chain: 11155111,
      address: '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74',
      topics: [topic],
      data: '0x01',
      block: 7000001,
      tx: `0x${'11'.repeat(32)}`,
      index: 2,
      removed: true,
    })
    expect(await onlyStep('  - log: { address: "0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74", topics: [] }\n')).toEqual({
      at: 'steps[0]',
      kind: 'log',
      address: '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74',
      topics: [],
      data: '0x',
    })
  })

  it('drop and error: the short form and the map form', async () => {
    const s = await load(
      withSteps(`  - drop: blocks
  - drop: { stream: logs, chain: 1, module: stop-loss }
  - error: logs
  - error: { stream: blocks, chain: 11155111 }
`),
    )
    expect(s.steps).toEqual([
      { at: 'steps[0]', kind: 'drop', stream: 'blocks' },
      { at: 'steps[1]', kind: 'drop', stream: 'logs', chain: 1, module: 'stop-loss' },
      { at: 'steps[2]', kind: 'error', stream: 'logs' },
      { at: 'steps[3]', kind: 'error', stream: 'blocks', chain: 11155111 },
    ])
  })

  it('advance, signal and restart', async () => {
    const s = await load(
      withSteps(`  - advance: 30s
  - advance: 200ms
  - signal: SIGTERM
  - signal: SIGINT
  - restart: {}
  - restart:
`),
    )
    expect(s.steps).toEqual([
      { at: 'steps[0]', kind: 'advance', ms: 30_000 },
      { at: 'steps[1]', kind: 'advance', ms: 200 },
      { at: 'steps[2]', kind: 'signal', signal: 'SIGTERM' },
      { at: 'steps[3]', kind: 'signal', signal: 'SIGINT' },
      { at: 'steps[4]', kind: 'restart' },
      { at: 'steps[5]', kind: 'restart' },
    ])
  })

  it('set: chain, balances, contracts, rpc', async () => {
    expect(
      await onlyStep(`  - set:
      chain: 11155111
      balances: { "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": 7 }
      contracts: { "0x694AA1769357215DE4FAC081bf1f309aDC325306": { kind: chainlink-aggregator, answer: "1" } }
      rpc: [ { method: eth_chainId, result: "0x1" } ]
`),
    ).toEqual({
      at: 'steps[0]',
      kind: 'set',
      chain: 11155111,
      balances: new Map([['0x70997970c51812dc3a010c7d01b50e0d17dc79c8', 7n]]),
      contracts: new Map([
        [
          '0x694aa1769357215de4fac081bf1f309adc325306',
          { kind: 'chainlink-aggregator', decimals: 8, answer: 1n, description: '', roundId: 1n, updatedAt: undefined },
        ],
      ]),
      rpc: [{ method: 'eth_chainId', result: '0x1' }],
    })
  })

  it('orderbook: a whole new behaviour, with the defaults', async () => {
    expect(await onlyStep('  - orderbook: { default: reject }\n')).toEqual({
      at: 'steps[0]',
      kind: 'orderbook',
      behaviour: { default: 'reject', rules: [] },
    })
    expect(await onlyStep('  - orderbook: {}\n')).toEqual({
      at: 'steps[0]',
      kind: 'orderbook',
      behaviour: { default: 'accept', rules: [] },
    })
  })
})

describe('expect', () => {
  it('reads every key, counts and ranges', async () => {
    const s = await load(`${MINIMAL}expect:
  exit: { reason: signal, code: 0 }
  dispatch:
    stop-loss: { blocks: 2, logs: 0, ok: ">= 2", errors: "<= 1", traps: "0..5" }
  alive: [stop-loss]
  dead: [panic]
  calls:
    stop-loss: { eth_call: 2 }
  orderbook: { posts: 2, accepted: 0, rejected: 2 }
  decisions:
    stop-loss: [submitted, already-submitted, try-next-block, backoff, drop]
  logs:
    - { module: stop-loss, level: warn, contains: "retry on next block" }
  no_logs:
    - { contains: "stream ended" }
  store:
    stop-loss: { "dropped:0x01": present, "submitted:0x02": absent, "balance:0xabc": "0x0A" }
  trace_hash: "sha256:${'AB'.repeat(32)}"
`)
    const exact = (n: number) => ({ min: n, max: n, text: String(n) })
    expect(s.expect).toEqual({
      at: 'expect',
      exit: { reason: 'signal', code: 0 },
      dispatch: new Map([
        [
          'stop-loss',
          {
            blocks: exact(2),
            logs: exact(0),
            ok: { min: 2, max: Infinity, text: '>= 2' },
            errors: { min: 0, max: 1, text: '<= 1' },
            traps: { min: 0, max: 5, text: '0..5' },
          },
        ],
      ]),
      alive: ['stop-loss'],
      dead: ['panic'],
      calls: new Map([['stop-loss', new Map([['eth_call', exact(2)]])]]),
      orderbook: { posts: exact(2), accepted: exact(0), rejected: exact(2) },
      decisions: new Map([['stop-loss', ['submitted', 'already-submitted', 'try-next-block', 'backoff', 'drop']]]),
      logs: [{ module: 'stop-loss', level: 'warn', contains: 'retry on next block' }],
      noLogs: [{ contains: 'stream ended' }],
      store: new Map([
        [
          'stop-loss',
          new Map([
            ['dropped:0x01', 'present'],
            ['submitted:0x02', 'absent'],
            ['balance:0xabc', '0x0a'],
          ]),
        ],
      ]),
      traceHash: `sha256:${'ab'.repeat(32)}`,
    })
  })

  it('accepts every exit reason', async () => {
    for (const reason of [
      'signal',
      'block-stream-ended',
      'log-stream-ended',
      'nothing-to-run',
      'boot-failed',
      'running',
    ]) {
      expect((await load(`${MINIMAL}expect: { exit: { reason: ${reason} } }\n`)).expect?.exit?.reason).toBe(reason)
    }
  })
})

describe('errors name the file, the key path, what was expected and what was found', () => {
  it('a YAML syntax error, with line and column', async () => {
    const err = await load('version: 1\nname: [x\nsteps: []\n').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ScenarioError)
    expect((err as ScenarioError).message).toMatch(
      new RegExp(
        `^${FILE().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+, column \\d+: expected valid YAML, found `,
      ),
    )
  })

  it('a missing file', async () => {
    const missing = path.join(scenarioDir, 'missing.yaml')
    await expect(loadScenarioFile(missing, { modulesDir })).rejects.toThrow(
      `${missing}: expected a readable scenario file, found nothing (ENOENT)`,
    )
  })

  it('a file that is not a map', async () => {
    expect(await problems('')).toEqual([
      expect.stringMatching(/^expected a scenario \(keys: version, name, .*\), found null$/),
    ])
    expect(await problems('- 1\n')).toEqual([expect.stringMatching(/^expected a scenario .*, found \[1\]$/)])
  })

  it('compute_grace: a duration above zero, in real milliseconds', async () => {
    expect(await problems(`${MINIMAL}compute_grace: 0ms\n`)).toEqual([
      'compute_grace: expected a duration above zero, such as 250ms or 5s, found "0ms"',
    ])
    expect(await problems(`${MINIMAL}compute_grace: soon\n`)).toEqual([
      'compute_grace: expected a duration above zero, such as 250ms or 5s, found "soon"',
    ])
  })

  it('an unknown top-level key', async () => {
    expect(await problems(`${MINIMAL}stpes: []\n`)).toEqual([
      'stpes: expected one of the keys version, name, description, modes, seed, engine, chain, cassette, orderbook, steps, expect, isolation, store, compute_grace, orderbook_policy, found unknown key "stpes"',
    ])
  })

  it('missing version, name, engine and steps', async () => {
    expect(await problems('description: x\n')).toEqual([
      'version: expected 1 (the scenario format version), found nothing',
      'name: expected a string, found nothing',
      'engine: expected a path to an engine.toml, or an inline engine (a map with chains and modules), found nothing',
      'steps: expected a list, found nothing',
    ])
  })

  it('a version other than 1', async () => {
    expect(await problems(MINIMAL.replace('version: 1', 'version: 2'))).toEqual([
      'version: expected 1 (the scenario format version), found 2',
    ])
    expect(await problems(MINIMAL.replace('version: 1', 'version: "1"'))).toEqual([
      'version: expected 1 (the scenario format version), found "1"',
    ])
  })

  it('a mode other than fixture or anvil, and an empty list', async () => {
    expect(await problems(`${MINIMAL}modes: [fixture, live]\n`)).toEqual([
      'modes[1]: expected one of fixture, anvil, found "live"',
    ])
    expect(await problems(`${MINIMAL}modes: []\n`)).toEqual([
      'modes: expected a non-empty list of modes (fixture, anvil), found []',
    ])
  })

  it('a name that is empty or spans lines', async () => {
    expect(await problems(MINIMAL.replace('name: n', 'name: ""'))).toEqual([
      'name: expected a non-empty string, found ""',
    ])
    expect(await problems(MINIMAL.replace('name: n', 'name: "a\\nb"'))).toEqual([
      'name: expected a name on one line, found "a\\nb"',
    ])
  })

  it('an unknown step', async () => {
    expect(await problems(withSteps('  - block: {}\n  - blok: {}\n'))).toEqual([
      'steps[1].blok: expected a step: one of block, blocks, log, drop, error, advance, signal, set, orderbook, restart, reorg, expect, burst, found unknown step "blok"',
    ])
  })

  it('two keys in one step, or none', async () => {
    expect(await problems(withSteps('  - block: {}\n    advance: 1s\n'))).toEqual([
      'steps[0]: expected a map with exactly one key (the step), found 2 keys (block, advance)',
    ])
    expect(await problems(withSteps('  - {}\n'))).toEqual([
      'steps[0]: expected a map with exactly one key (the step), found an empty map',
    ])
    expect(await problems(withSteps('  - advance\n'))).toEqual([
      expect.stringMatching(/^steps\[0\]: expected a step: a map with one key \(block, .*\), found "advance"$/),
    ])
  })

  it('a value of the wrong type', async () => {
    expect(await problems(withSteps('  - block: { number: "five" }\n'))).toEqual([
      'steps[0].block.number: expected a whole number >= 0, found "five"',
    ])
    expect(await problems(withSteps('  - blocks: { count: 0 }\n'))).toEqual([
      'steps[0].blocks.count: expected a whole number >= 1, found 0',
    ])
    expect(await problems(`${MINIMAL}description: [a]\n`)).toEqual(['description: expected a string, found ["a"]'])
    expect(await problems(withSteps('  - block: 5\n'))).toEqual([
      'steps[0].block: expected a map (keys: chain, number, timestamp, hash), found 5',
    ])
    expect(await problems(`${MINIMAL}seed: -1\n`)).toEqual(['seed: expected a whole number >= 0, found -1'])
  })

  it('an unknown key inside a step', async () => {
    expect(await problems(withSteps('  - block: { numbr: 5 }\n'))).toEqual([
      'steps[0].block.numbr: expected one of the keys chain, number, timestamp, hash, found unknown key "numbr"',
    ])
  })

  it('a bad address, as a map key or a value', async () => {
    expect(await problems(`${MINIMAL}chain:\n  11155111:\n    balances: { "0x1234": "1" }\n`)).toEqual([
      'chain.11155111.balances.0x1234: expected a key that is an address (0x + 40 hex digits), found "0x1234"',
    ])
    expect(
      await problems(withSteps('  - log: { address: "0xZZ4AA1769357215DE4FAC081bf1f309aDC325306", topics: [] }\n')),
    ).toEqual([
      'steps[0].log.address: expected an address (0x + 40 hex digits), found "0xZZ4AA1769357215DE4FAC081bf1f309aDC325306"',
    ])
  })

  it('the same address twice, in two cases', async () => {
    expect(
      await problems(
        `${MINIMAL}chain:\n  1:\n    balances:\n      "0x694AA1769357215DE4FAC081bf1f309aDC325306": 1\n      "0x694aa1769357215de4fac081bf1f309adc325306": 2\n`,
      ),
    ).toEqual([
      'chain.1.balances.0x694aa1769357215de4fac081bf1f309adc325306: expected a key not given twice (the same as "0x694AA1769357215DE4FAC081bf1f309aDC325306"), found "0x694aa1769357215de4fac081bf1f309adc325306"',
    ])
  })

  it('a bad value deep in the world, with its full key path', async () => {
    expect(
      await problems(
        `${MINIMAL}chain:\n  11155111:\n    contracts:\n      "0x694AA1769357215DE4FAC081bf1f309aDC325306": { kind: chainlink-aggregator, answer: 1.5 }\n`,
      ),
    ).toEqual([
      'chain.11155111.contracts.0x694AA1769357215DE4FAC081bf1f309aDC325306.answer: expected a whole number (plain or as a decimal string), found 1.5',
    ])
  })

  it('a bad chain id', async () => {
    expect(await problems(`${MINIMAL}chain:\n  sepolia: {}\n`)).toEqual([
      'chain.sepolia: expected a key that is a chain id (a whole number >= 1), found "sepolia"',
    ])
    expect(await problems(withSteps('  - block: { chain: 0 }\n'))).toEqual([
      'steps[0].block.chain: expected a chain id (a whole number >= 1), found 0',
    ])
  })

  it('an unknown contract kind', async () => {
    expect(
      await problems(
        `${MINIMAL}chain:\n  1:\n    contracts:\n      "0x694AA1769357215DE4FAC081bf1f309aDC325306": { kind: uniswap }\n`,
      ),
    ).toEqual([
      'chain.1.contracts.0x694AA1769357215DE4FAC081bf1f309aDC325306.kind: expected a contract kind: one of chainlink-aggregator, erc20, composable-cow, found "uniswap"',
    ])
  })

  it('an unknown poll outcome, and a ready poll without its order', async () => {
    const cow = (poll: string) =>
      `${MINIMAL}chain:\n  1:\n    contracts:\n      "0x0000000000000000000000000000000000000003": { kind: composable-cow, polls: [ ${poll} ] }\n`
    expect(await problems(cow('{ outcome: maybe }'))).toEqual([
      'chain.1.contracts.0x0000000000000000000000000000000000000003.polls[0].outcome: expected an outcome: one of ready, try-next-block, try-at-block, try-at-epoch, order-not-valid, never, found "maybe"',
    ])
    expect(await problems(cow('{ outcome: ready, signature: "0x" }'))).toEqual([
      'chain.1.contracts.0x0000000000000000000000000000000000000003.polls[0].order: expected a map (keys: sellToken, buyToken, receiver, sellAmount, buyAmount, validTo, appData, feeAmount, kind, partiallyFillable, sellTokenBalance, buyTokenBalance), found nothing',
    ])
  })

  it('an rpc rule with both result and error', async () => {
    expect(
      await problems(
        `${MINIMAL}chain:\n  1:\n    rpc: [ { method: eth_call, result: "0x", error: { code: 3, message: x } } ]\n`,
      ),
    ).toEqual(['chain.1.rpc[0].error: expected either result or error, not both, found both'])
  })

  it('an integer too big for JSON in a free-form value', async () => {
    expect(
      await problems(
        `${MINIMAL}chain:\n  1:\n    rpc: [ { method: eth_call, result: { gas: 100000000000000000000 } } ]\n`,
      ),
    ).toEqual([
      'chain.1.rpc[0].result.gas: expected a JSON value (write integers beyond 2^53 and non-finite numbers as strings), found 100000000000000000000',
    ])
  })

  it('a bad duration', async () => {
    expect(await problems(withSteps('  - advance: 30\n'))).toEqual([
      'steps[0].advance: expected a duration such as 200ms, 30s, 5m or 1h, found 30',
    ])
    expect(await problems(withSteps('  - advance: never\n'))).toEqual([
      'steps[0].advance: expected a duration such as 200ms, 30s, 5m or 1h, found "never"',
    ])
    expect(
      await problems(`${MINIMAL}chain:\n  1:\n    rpc: [ { method: eth_call, result: "0x", delay: 5 min } ]\n`),
    ).toEqual(['chain.1.rpc[0].delay: expected a duration such as 200ms, 30s, 5m or 1h, or never, found "5 min"'])
  })

  it('a bad count', async () => {
    expect(await problems(`${MINIMAL}expect: { dispatch: { probe: { blocks: "> 3" } } }\n`)).toEqual([
      'expect.dispatch.probe.blocks: expected a count: a whole number, ">= N", "<= N" or "A..B", found "> 3"',
    ])
    expect(await problems(withSteps('  - expect: { orderbook: { posts: -1 } }\n'))).toEqual([
      'steps[0].expect.orderbook.posts: expected a count: a whole number, ">= N", "<= N" or "A..B", found -1',
    ])
  })

  it('an unknown decision, log level and store value', async () => {
    expect(
      await problems(`${MINIMAL}expect:
  decisions: { m: [retry] }
  logs: [ { level: loud } ]
  store: { m: { k: maybe } }
`),
    ).toEqual([
      'expect.decisions.m[0]: expected one of submitted, already-submitted, try-next-block, backoff, drop, found "retry"',
      'expect.logs[0].level: expected one of trace, debug, info, warn, error, found "loud"',
      'expect.store.m.k: expected present, absent, or the stored bytes as 0x hex, found "maybe"',
    ])
  })

  it('an unknown use, listing the known module names', async () => {
    expect(await problems('version: 1\nname: n\nengine: { modules: [ { use: stop-los } ] }\nsteps: []\n')).toEqual([
      `engine.modules[0].use: expected the name of a module in ${modulesDir} or ${path.join(modulesDir, 'fixtures')} (known: balance-tracker, flaky, probe, stop-loss), found "stop-los"`,
    ])
  })

  it('a module entry with both use and path, or neither', async () => {
    expect(
      await problems(
        'version: 1\nname: n\nengine: { modules: [ { use: probe, path: ./x }, { name: y } ] }\nsteps: []\n',
      ),
    ).toEqual([
      'engine.modules[0]: expected exactly one of use or path, found both',
      'engine.modules[1]: expected exactly one of use or path, found neither',
    ])
  })

  it('an engine that is neither a path nor a map, and modules that are not a list', async () => {
    expect(await problems('version: 1\nname: n\nengine: 5\nsteps: []\n')).toEqual([
      'engine: expected a path to an engine.toml, or an inline engine (a map with chains and modules), found 5',
    ])
    expect(await problems('version: 1\nname: n\nengine: { modules: probe }\nsteps: []\n')).toEqual([
      'engine.modules: expected a list of module entries, found "probe"',
    ])
  })

  it('an orderbook rule with both body and text, a bad method or status', async () => {
    expect(
      await problems(`${MINIMAL}orderbook:
  default: maybe
  rules:
    - { match: { method: FETCH, path: orders }, respond: { status: 99, body: {}, text: x } }
`),
    ).toEqual([
      'orderbook.default: expected one of accept, reject, found "maybe"',
      'orderbook.rules[0].match.method: expected an HTTP method: one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, found "FETCH"',
      'orderbook.rules[0].match.path: expected a path starting with / (relative to the API root, * matches within a segment), found "orders"',
      'orderbook.rules[0].respond.status: expected an HTTP status (a whole number from 100 to 599), found 99',
    ])
  })

  it('a cassette that does not exist', async () => {
    expect(await problems(`${MINIMAL}cassette: ./nope.json\n`)).toEqual([
      `cassette: expected an existing cassette file, found "./nope.json" (no file at ${path.join(scenarioDir, 'nope.json')})`,
    ])
  })

  it('several problems at once, reported together', async () => {
    const err = await load('version: 2\nname: n\nengine: ./e.toml\nsteps: [ { advance: 3 } ]\nextra: 1\n').catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ScenarioErrors)
    expect((err as ScenarioErrors).errors.map((e) => e.keyPath)).toEqual(['version', 'steps[0].advance', 'extra'])
    expect((err as ScenarioErrors).message.split('\n')).toHaveLength(3)
  })
})
