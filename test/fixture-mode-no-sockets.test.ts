// Fixture mode opens no socket: chain requests go to the in-process node, orderbook requests are
// answered by MSW on the real fetch path, and nothing reaches the network layer.
import { writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import tls from 'node:tls'
import dgram from 'node:dgram'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from './support/temp-dir.js'
import { runScenarios } from '../harness/run/run-scenarios.js'

afterEach(() => vi.restoreAllMocks())

describe('fixture mode', () => {
  it('opens no socket while modules make RPC calls and post orders', async () => {
    const dir = tempDir('nexum-nosocket-')
    writeFileSync(
      join(dir, 'stop-loss-posts.yaml'),
      `version: 1
name: stop-loss posts through MSW and reads the oracle from the fake node
engine:
  chains: { 11155111: {} }
  modules:
    - use: stop-loss
    - use: balance-tracker
chain:
  11155111:
    contracts:
      "0x694AA1769357215DE4FAC081bf1f309aDC325306": { kind: chainlink-aggregator, decimals: 8, answer: "174553978080" }
steps:
  - blocks: { count: 2 }
  - signal: SIGTERM
expect:
  exit: { reason: signal, code: 0 }
  orderbook: { posts: ">= 1" }
`,
    )
    const connect = vi.spyOn(net.Socket.prototype, 'connect')
    const tlsConnect = vi.spyOn(tls, 'connect')
    const udp = vi.spyOn(dgram, 'createSocket')
    const [result] = await runScenarios({ paths: [dir], mode: 'fixture' })
    expect(result?.failures).toEqual([])
    expect(connect).not.toHaveBeenCalled()
    expect(tlsConnect).not.toHaveBeenCalled()
    expect(udp).not.toHaveBeenCalled()
  })
})
