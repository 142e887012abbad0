// engine.m3.toml and engine.m2.toml, as operators run them, booted by the real engine against the
// simulated world: every module loads from its folder, inits, and handles its events.
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScenarios } from '../harness/run/run-scenarios.js'
import { scenarioTree } from './support/scenario-tree.js'

// Fixture mode reads no environment: the shipped configs boot without SEPOLIA_WS_URL.
async function run(yaml: string, env?: Record<string, string>) {
  const dir = scenarioTree({ 'boot.yaml': yaml })
  const [result] = await runScenarios({ paths: [dir], mode: 'fixture', env, out: join(dir, 'out') })
  return result!
}

describe('the shipped engine configurations', () => {
  it('engine.m3.toml boots price-alert, balance-tracker and stop-loss in order and runs the runbook’s first block', async () => {
    const r = await run(`version: 1
name: engine.m3.toml
engine: ${resolve('engine.m3.toml')}
chain:
  11155111:
    balances: { "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": "1000000000000000000" }
    contracts:
      "0x694AA1769357215DE4FAC081bf1f309aDC325306": { kind: chainlink-aggregator, decimals: 8, answer: "174553978080" }
orderbook:
  rules:
    - match: { method: POST, path: /api/v1/orders }
      respond: { status: 400, body: { errorType: TransferSimulationFailed, description: "sell token cannot be transferred" } }
steps:
  - block: {}
  - signal: SIGTERM
expect:
  exit: { reason: signal, code: 0 }
  alive: [price-alert, balance-tracker, stop-loss]
  dispatch:
    price-alert: { blocks: 1, ok: 1 }
    balance-tracker: { blocks: 1, ok: 1 }
    stop-loss: { blocks: 1, ok: 1 }
  decisions: { stop-loss: [try-next-block] }
  logs:
    - { level: info, contains: "supervisor ready modules=3 chains=1" }
    - { module: price-alert, contains: "price-alert init: oracle=0x694aa1769357215de4fac081bf1f309adc325306 threshold=250000000000 direction=Below every_n_blocks=1" }
    - { module: balance-tracker, contains: "balance-tracker init: 2 addresses, threshold=100000000000000000 wei" }
    - { module: price-alert, level: warn, contains: "price-alert: TRIGGERED answer=174553978080 threshold=250000000000 (Below)" }
    - { module: stop-loss, level: warn, contains: "stop-loss retry on next block (400)" }
`)
    expect(r.failures).toEqual([])
  })

  it('fixture mode needs no endpoint variable, and none enters the trace: same hash with or without one', async () => {
    const yaml = `version: 1
name: m3 without env
engine: ${resolve('engine.m3.toml')}
steps:
  - block: {}
  - signal: SIGTERM
expect:
  exit: { reason: signal, code: 0 }
`
    const without = await run(yaml)
    const secret = 'wss://sepolia.invalid/v3/0123456789abcdef0123456789abcdef'
    const withVar = await run(yaml, { SEPOLIA_WS_URL: secret })
    expect(without.failures).toEqual([])
    expect(withVar.failures).toEqual([])
    expect(withVar.traceHash).toBe(without.traceHash)
  })

  it('engine.m2.toml boots twap-monitor and ethflow-watcher, opens their streams, and indexes a conditional order', async () => {
    const r = await run(`version: 1
name: engine.m2.toml
engine: ${resolve('engine.m2.toml')}
chain:
  11155111:
    contracts:
      "0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74":
        kind: composable-cow
        polls: [ { outcome: try-next-block, reason: "not yet" } ]
steps:
  - log:
      address: "0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74"
      topics: ["0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361", "0x0000000000000000000000009fe46736679d2d9a65f0992f2272de9f3c7fa6e0"]
      data: "0x00000000000000000000000000000000000000000000000000000000000000200000000000000000000000006cf1e9ca41f7611def408122793c358a3d11e5a5111111111111111111111111111111111111111111111111111111111111111100000000000000000000000000000000000000000000000000000000000000600000000000000000000000000000000000000000000000000000000000000140000000000000000000000000fff9976782d46cc05630d1f6ebab18b2324d6b14000000000000000000000000be72e441bf55620febc26715db68d3494213d8cb0000000000000000000000009fe46736679d2d9a65f0992f2272de9f3c7fa6e0000000000000000000000000000000000000000000000000016345785d8a00000000000000000000000000000000000000000000000000000000000008f0d18000000000000000000000000000000000000000000000000000000000684ee18000000000000000000000000000000000000000000000000000000000000000040000000000000000000000000000000000000000000000000000000000000e100000000000000000000000000000000000000000000000000000000000000000b48d38f93eaa084033fc5970bf96e559c33c4cdc07d889ab00b4d63f9590739d"
  - block: {}
  - signal: SIGTERM
expect:
  exit: { reason: signal, code: 0 }
  alive: [twap-monitor, ethflow-watcher]
  dispatch:
    twap-monitor: { blocks: 1, logs: 1, ok: 2 }
    ethflow-watcher: { blocks: 0, logs: 0 }
  calls: { twap-monitor: { eth_call: 1 } }
  logs:
    - { level: info, contains: "supervisor ready modules=2 chains=1" }
    - { module: twap-monitor, contains: "twap-monitor init" }
    - { module: ethflow-watcher, contains: "ethflow-watcher init" }
    - { module: ethflow-watcher, level: info, contains: "log subscription open" }
    - { module: twap-monitor, contains: "indexed watch:0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0:" }
    - { module: twap-monitor, contains: "-> TryNextBlock" }
`)
    expect(r.failures).toEqual([])
  })
})
