// The runner over scenario trees written in temp folders: every key of the format, checkpoints,
// failures that name the key path and end with the replay line, world failures, restarts,
// cassettes, and load errors.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScenarios } from '../harness/run/run-scenarios.js'
import type { ScenarioResult } from '../harness/report/scenario-result.js'
import { scenarioTree } from './support/scenario-tree.js'

const SEPOLIA = 11155111
const FEED = '0x694AA1769357215DE4FAC081bf1f309aDC325306'
const COMPOSABLE = '0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74'
const TOPIC = '0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361'

async function runOne(
  yaml: string,
  extra: Record<string, string> = {},
  opts: { seed?: number } = {},
): Promise<ScenarioResult> {
  const dir = scenarioTree({ 'case.yaml': yaml, ...extra })
  const [result] = await runScenarios({ paths: [join(dir, 'case.yaml')], mode: 'fixture', seed: opts.seed })
  return result!
}

const passes = async (yaml: string, extra?: Record<string, string>) => {
  const r = await runOne(yaml, extra)
  expect(r.failures).toEqual([])
  expect(r.status).toBe('passed')
  return r
}

describe('runner: steps and expectations', () => {
  it('plays block, blocks, log, error, drop, advance and signal, with checkpoints', async () => {
    await passes(`version: 1
name: every stream step
description: probes see blocks and their own logs; error items are skipped; drops end streams
engine:
  chains: { ${SEPOLIA}: {} }
  modules:
    - { use: probe, name: blocks-probe, subscriptions: [ { kind: block, chain_id: ${SEPOLIA} } ] }
    - use: probe
      name: log-probe
      subscriptions: [ { kind: log, chain_id: ${SEPOLIA}, address: "${COMPOSABLE}", event_signature: "${TOPIC}" } ]
chain:
  ${SEPOLIA}: { head: { number: 100, timestamp: 1750000000 } }
steps:
  - block: {}
  - block: { number: 105, timestamp: 1750000100 }
  - blocks: { count: 2 }
  - log: { address: "${COMPOSABLE}", topics: ["${TOPIC}"], data: "0x" }
  - log: { address: "0x0000000000000000000000000000000000000001", topics: ["${TOPIC}"] }
  - log: { address: "${COMPOSABLE}", topics: ["${TOPIC}"], removed: true, block: 101, index: 3 }
  - error: blocks
  - error: { stream: logs, module: log-probe }
  - expect:
      exit: { reason: running }
      dispatch:
        blocks-probe: { blocks: 4, logs: 0, ok: 4, errors: 0, traps: 0 }
        log-probe: { blocks: 0, logs: 2, ok: ">= 2" }
      alive: [blocks-probe, log-probe]
      logs:
        - { module: blocks-probe, level: info, contains: "probe received block 107 on chain ${SEPOLIA}" }
        - { level: warn, contains: "block stream error - continuing" }
        - { level: warn, contains: "log stream error - continuing" }
      no_logs:
        - { contains: "probe received block 108" }
  - advance: 90s
  - expect: { exit: { reason: running } }
  - drop: { stream: logs, chain: ${SEPOLIA}, module: log-probe }
expect:
  exit: { reason: log-stream-ended, code: 3 }
  dispatch: { log-probe: { logs: "1..2" } }
  logs: [ { level: warn, contains: "log stream ended (WebSocket dropped?) - shutting down for restart" } ]
`)
  })

  it('reads chain state, counts calls, and honours rpc rules with times, delay and error', async () => {
    await passes(`version: 1
name: chain state and rpc rules
engine:
  chains: { ${SEPOLIA}: {} }
  modules:
    - use: balance-tracker
      config: { addresses: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", change_threshold: "10" }
    - { use: slow, subscriptions: [ { kind: block, chain_id: ${SEPOLIA} } ] }
chain:
  ${SEPOLIA}:
    balances: { "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": "1000" }
    rpc:
      - { method: eth_blockNumber, delay: 5s, result: "0x10", times: 1 }
      - { method: eth_blockNumber, error: { code: -32005, message: "limit exceeded" }, times: 1 }
steps:
  - block: {}
  - expect:
      calls: { balance-tracker: { eth_getBalance: 1 }, slow: { eth_blockNumber: 1 } }
      logs: [ { module: slow, contains: 'head "0x10"' } ]
      store: { balance-tracker: { "balance:0x70997970c51812dc3a010c7d01b50e0d17dc79c8": present } }
  - set: { balances: { "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": "2000" } }
  - block: {}
  - signal: SIGTERM
expect:
  dispatch: { slow: { blocks: 2, ok: 1, errors: 1 } }
  logs:
    - { module: balance-tracker, level: warn, contains: "changed +1000 wei" }
    - { module: slow, level: warn, contains: "limit exceeded" }
`)
  })

  it('bounds a hung RPC by the engine’s request timeout (no engine stuck)', async () => {
    await passes(`version: 1
name: a hung RPC is a timeout host error
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { use: slow, subscriptions: [ { kind: block, chain_id: ${SEPOLIA} } ] } ]
chain:
  ${SEPOLIA}: { rpc: [ { method: eth_blockNumber, delay: never } ] }
steps:
  - block: {}
  - signal: SIGTERM
expect:
  dispatch: { slow: { blocks: 1, errors: 1, traps: 0 } }
  alive: [slow]
  logs: [ { level: warn, contains: "on-event returned host-error" } ]
`)
  })

  it('posts through the fake orderbook, scripts rejections, and records decisions', async () => {
    await passes(`version: 1
name: orderbook rules and decisions
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { use: stop-loss } ]
chain:
  ${SEPOLIA}:
    contracts:
      "${FEED}": { kind: chainlink-aggregator, decimals: 8, answer: "174553978080" }
orderbook:
  rules:
    - match: { method: POST, path: /api/v1/orders }
      respond: { status: 400, body: { errorType: TransferSimulationFailed, description: "sell token cannot be transferred" } }
      times: 1
steps:
  - block: {}
  - expect:
      decisions: { stop-loss: [try-next-block] }
      orderbook: { posts: 1, accepted: 0, rejected: 1 }
  - block: {}
  - block: {}
  - signal: SIGTERM
expect:
  decisions: { stop-loss: [try-next-block, submitted] }
  orderbook: { posts: 2, accepted: 1, rejected: 1 }
  logs: [ { module: stop-loss, level: warn, contains: "retry on next block (400)" } ]
`)
  })

  it('replaces the orderbook behaviour with an orderbook step and restarts on the same store', async () => {
    await passes(`version: 1
name: orderbook step and restart
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { use: stop-loss } ]
chain:
  ${SEPOLIA}:
    contracts: { "${FEED}": { kind: chainlink-aggregator, decimals: 8, answer: "174553978080" } }
orderbook: { default: reject }
steps:
  - block: {}
  - orderbook: { default: accept }
  - block: {}
  - restart: {}
  - block: {}
  - signal: SIGTERM
expect:
  decisions: { stop-loss: [try-next-block, submitted] }
  orderbook: { posts: 2, accepted: 1 }
  exit: { reason: signal, code: 0 }
`)
  })

  it('reports each failed expectation with its key path, wanted and got, and the replay line', async () => {
    const r = await runOne(`version: 1
name: wrong expectations
seed: 42
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { use: probe, subscriptions: [ { kind: block, chain_id: ${SEPOLIA} } ] } ]
steps:
  - blocks: { count: 2 }
  - expect: { dispatch: { probe: { blocks: 3 } } }
  - signal: SIGTERM
expect:
  exit: { reason: block-stream-ended, code: 3 }
  dead: [probe]
  alive: [ghost]
  decisions: { probe: [drop] }
  logs: [ { contains: "never logged" } ]
  no_logs: [ { contains: "probe received block" } ]
  trace_hash: "sha256:0000000000000000000000000000000000000000000000000000000000000000"
`)
    expect(r.status).toBe('failed')
    expect(r.failures).toEqual([
      'steps[1].expect.dispatch.probe.blocks: wanted 3, got 2',
      'expect.exit.reason: wanted block-stream-ended, got signal (code 0)',
      'expect.exit.code: wanted 3, got 0',
      expect.stringMatching(/^expect\.alive: wanted ghost alive, got no module named ghost/),
      'expect.dead: wanted probe dead, got probe alive',
      'expect.decisions.probe: wanted [drop], got []',
      expect.stringMatching(/^expect\.logs\[0\]: wanted a log line containing "never logged", got none; last: /),
      expect.stringMatching(
        /^expect\.no_logs\[0\]: wanted no log line containing "probe received block", got ".*probe received block 7000000/,
      ),
      expect.stringMatching(/^expect\.trace_hash: wanted sha256:0{64}, got sha256:[0-9a-f]{64}$/),
    ])
    expect(r.replay).toMatch(/^nexum-sim run .*case\.yaml --seed 42 --mode fixture$/)
  })

  it('fails a step played after the engine exited, and a drop that matches no stream', async () => {
    const r = await runOne(`version: 1
name: after exit
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { use: probe, subscriptions: [ { kind: block, chain_id: ${SEPOLIA} } ] } ]
steps:
  - drop: blocks
  - block: {}
`)
    expect(r.failures).toEqual([
      'steps[1]: the engine has already exited (block-stream-ended, code 3); only `restart` or `expect` may follow',
    ])
    const none = await runOne(`version: 1
name: drop nothing
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { use: probe, subscriptions: [ { kind: block, chain_id: ${SEPOLIA} } ] } ]
steps:
  - drop: logs
`)
    expect(none.failures).toEqual([
      `steps[0].drop: wanted an open logs stream, got none open (open: blocks@${SEPOLIA})`,
    ])
  })

  it('fails the run, naming the request, when a module asks the world something it cannot answer', async () => {
    const r = await runOne(
      `version: 1
name: unanswerable
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { path: ./asker } ]
steps:
  - block: {}
`,
      {
        'asker/module.toml': `[module]\nname = "asker"\n[capabilities]\nrequired = ["logging", "chain"]\n[[subscription]]\nkind = "block"\nchain_id = ${SEPOLIA}\n`,
        'asker/index.ts': `export async function init() {}\nexport async function onEvent(_e: unknown, host: any) { await host.chain.request(${SEPOLIA}, 'eth_getProof', '["0x01", [], "latest"]').catch(() => {}) }\n`,
      },
    )
    expect(r.failures).toEqual([`steps[0]: no answer for eth_getProof ["0x01",[],"latest"] on chain ${SEPOLIA}`])
  })

  it('treats engine config mistakes as the engine’s boot failure', async () => {
    await passes(`version: 1
name: boot refusal
engine:
  chains: { ${SEPOLIA}: {} }
  modules:
    - { use: probe, subscriptions: [ { kind: tick, chain_id: ${SEPOLIA} } ] }
steps: []
expect:
  exit: { reason: boot-failed, code: 1 }
  logs: [ { level: error, contains: "engine.modules[0].subscriptions[0].kind" } ]
`)
  })

  it('derives block hashes from the seed: --seed changes the trace, the same seed repeats it', async () => {
    const yaml = `version: 1
name: seeded
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { use: probe, subscriptions: [ { kind: block, chain_id: ${SEPOLIA} } ] } ]
steps: [ { block: {} }, { signal: SIGTERM } ]
`
    const a = await runOne(yaml, {}, { seed: 1 })
    const b = await runOne(yaml, {}, { seed: 1 })
    const c = await runOne(yaml, {}, { seed: 2 })
    expect(a.traceHash).toBe(b.traceHash)
    expect(a.traceHash).not.toBe(c.traceHash)
    expect(c.replay).toContain('--seed 2 ')
  })

  it('skips a scenario that does not list the requested mode', async () => {
    const dir = scenarioTree({
      'anvil-only.yaml': `version: 1\nname: anvil only\nmodes: [anvil]\nengine: { chains: {}, modules: [] }\nsteps: []\n`,
    })
    const [r] = await runScenarios({ paths: [dir], mode: 'fixture' })
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'lists modes [anvil]' })
  })

  it('runs an engine.toml given by path, relative to the scenario', async () => {
    await passes(
      `version: 1
name: engine file
engine: ./engine.toml
steps: []
expect: { exit: { reason: nothing-to-run, code: 0 } }
`,
      {
        'engine.toml': `[engine]\nstate_dir = "./never-written"\n[chains.${SEPOLIA}]\n[[modules]]\npath = "./quiet"\n`,
        'quiet/module.toml': '[module]\nname = "quiet"\n',
        'quiet/index.ts': 'export async function init() {}\nexport async function onEvent() {}\n',
      },
    )
  })

  it('replays blocks, logs and RPC answers from a cassette', async () => {
    const hash = `0x${'cd'.repeat(32)}`
    await passes(
      `version: 1
name: cassette
engine:
  chains: { ${SEPOLIA}: {} }
  modules:
    - { path: ./reader }
    - use: probe
      subscriptions: [ { kind: log, chain_id: ${SEPOLIA}, address: "${COMPOSABLE}", event_signature: "${TOPIC}" } ]
cassette: ./tape.json
steps:
  - block: {}
  - signal: SIGTERM
expect:
  dispatch: { probe: { logs: 1 }, reader: { blocks: 1, ok: 1 } }
  logs:
    - { module: reader, contains: "code 0x6001 at ${hash}" }
`,
      {
        'tape.json': JSON.stringify({
          version: 1,
          chains: {
            [SEPOLIA]: {
              blocks: [{ number: 7000000, hash, timestamp: 1750000000 }],
              logs: [{ address: COMPOSABLE, topics: [TOPIC], data: '0x', blockNumber: 7000000, logIndex: 0 }],
              rpc: [{ method: 'eth_getCode', params: [COMPOSABLE, 'latest'], result: '0x6001' }],
            },
          },
        }),
        'reader/module.toml': `[module]\nname = "reader"\n[capabilities]\nrequired = ["logging", "chain"]\n[[subscription]]\nkind = "block"\nchain_id = ${SEPOLIA}\n`,
        'reader/index.ts': `export async function init() {}\nexport async function onEvent(e: any, host: any) {\n  const code = JSON.parse(await host.chain.request(${SEPOLIA}, 'eth_getCode', '["${COMPOSABLE.toLowerCase()}","latest"]'))\n  host.logging.log('info', 'code ' + code + ' at ' + e.block.hash)\n}\n`,
      },
    )
  })

  it('reports a scenario that cannot be loaded as failed, naming file and key path', async () => {
    const r = await runOne(`version: 2\nname: bad\nengine: { modules: [] }\nsteps: [ { blok: {} } ]\n`)
    expect(r.status).toBe('failed')
    expect(r.failures.join('\n')).toMatch(/case\.yaml: version: expected/)
    expect(r.failures.join('\n')).toMatch(/case\.yaml: steps\[0\]/)
  })
})

describe('runner: every class of scenario error is reported, naming file, key path, expected and found', () => {
  const ENGINE = `engine:\n  chains: { ${SEPOLIA}: {} }\n  modules: [ { use: probe } ]\n`
  const cases: [string, string, RegExp][] = [
    [
      'YAML syntax',
      `version: 1\nname: x\n${ENGINE}steps: [ { block: {} }\n`,
      /case\.yaml: line \d+, column \d+: expected valid YAML/,
    ],
    [
      'unknown top-level key',
      `version: 1\nname: x\n${ENGINE}steps: []\nstpes: []\n`,
      /case\.yaml: stpes: expected one of the keys .*found unknown key "stpes"/,
    ],
    ['missing required key', `version: 1\n${ENGINE}steps: []\n`, /case\.yaml: name: expected .*found nothing/],
    [
      'version other than 1',
      `version: 2\nname: x\n${ENGINE}steps: []\n`,
      /case\.yaml: version: expected 1 \(the scenario format version\), found 2/,
    ],
    [
      'unknown mode',
      `version: 1\nname: x\nmodes: [live]\n${ENGINE}steps: []\n`,
      /case\.yaml: modes\[0\]: expected .*fixture.*found "live"/,
    ],
    [
      'unknown step',
      `version: 1\nname: x\n${ENGINE}steps: [ { blok: {} } ]\n`,
      /case\.yaml: steps\[0\]\.blok: expected a step: one of block, blocks, .*found unknown step "blok"/,
    ],
    [
      'two keys in one step',
      `version: 1\nname: x\n${ENGINE}steps: [ { block: {}, advance: 1s } ]\n`,
      /case\.yaml: steps\[0\]: expected a map with exactly one key \(the step\), found 2 keys \(block, advance\)/,
    ],
    [
      'wrong type',
      `version: 1\nname: x\n${ENGINE}steps: [ { blocks: { count: many } } ]\n`,
      /case\.yaml: steps\[0\]\.blocks\.count: expected a whole number >= 1, found "many"/,
    ],
    [
      'bad address',
      `version: 1\nname: x\n${ENGINE}chain: { ${SEPOLIA}: { balances: { "0x12": "1" } } }\nsteps: []\n`,
      /case\.yaml: chain\.11155111\.balances\.0x12: expected a key that is an address \(0x \+ 40 hex digits\), found "0x12"/,
    ],
    [
      'bad duration',
      `version: 1\nname: x\n${ENGINE}steps: [ { advance: soon } ]\n`,
      /case\.yaml: steps\[0\]\.advance: expected .*found "soon"/,
    ],
    [
      'bad count',
      `version: 1\nname: x\n${ENGINE}steps: []\nexpect: { dispatch: { probe: { blocks: "about 3" } } }\n`,
      /case\.yaml: expect\.dispatch\.probe\.blocks: expected .*found "about 3"/,
    ],
    [
      'unknown use',
      `version: 1\nname: x\nengine: { modules: [ { use: stop-los } ] }\nsteps: []\n`,
      /case\.yaml: engine\.modules\[0\]\.use: expected the name of a module .*found "stop-los"/,
    ],
  ]
  for (const [what, yaml, message] of cases) {
    it(what, async () => {
      const r = await runOne(yaml)
      expect(r.status).toBe('failed')
      expect(r.failures.join('\n')).toMatch(message)
    })
  }
})
