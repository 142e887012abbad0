// Endpoint URLs never leave the engine whole (issue 9): every URL shape providers put a key in,
// through every output a user sees or keeps: log lines, the engine command's stderr, config
// errors, error text from the transports, and the harness's trace.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { engineConfigFromObject } from '../engine/config/load-engine-config.js'
import { formatLogLine } from '../engine/live/console-telemetry.js'
import { describeError } from '../engine/transport/viem-error-text.js'
import { Trace } from '../harness/run/trace.js'
import { runCli } from './support/run-cli.js'
import { tempDir } from './support/temp-dir.js'

const SECRET = 'SECRETKEY123'

const SHAPES = [
  `wss://rpc.example:8546/rpc/${SECRET}`,
  `https://rpc.example/?dkey=${SECRET}`,
  `https://rpc.example/v1/eth?x-goog-api-key=${SECRET}`,
  `wss://user:${SECRET}@rpc.example`,
  `wss://${SECRET}@rpc.example:443/ws`,
  `https://eth-sepolia.g.alchemy.com/v2/${SECRET}`,
  `https://rpc.example/${SECRET}#${SECRET}`,
  `ws://127.0.0.1:8545/${SECRET}/`,
]

describe('secrets in endpoint URLs', () => {
  it.each(SHAPES)('%s: a log line keeps scheme, host and port only', (url) => {
    const line = formatLogLine(
      {
        type: 'log',
        level: 'warn',
        target: 'engine',
        message: `dial ${url} failed`,
        fields: { url, error: `at ${url}` },
      },
      0,
    )
    expect(line).not.toContain(SECRET)
    expect(line).toMatch(
      /(wss?|https?):\/\/(rpc\.example|eth-sepolia\.g\.alchemy\.com|127\.0\.0\.1)(:\d+)?#fp-[0-9a-f]{8}/,
    )
  })

  it.each(SHAPES)('%s: transport error text and the trace carry no key', (url) => {
    expect(describeError(new Error(`request to ${url} failed: 401`))).not.toContain(SECRET)
    const trace = new Trace()
    trace.record(0, { type: 'log', message: `connect ${url}`, fields: { url } })
    expect(trace.lines().join('\n')).not.toContain(SECRET)
  })

  it('a URL with a bad scheme, or no URL at all, is not echoed by the config error', () => {
    for (const rpc_url of [`ftp://user:${SECRET}@rpc.example/rpc/${SECRET}`, `rpc.example/${SECRET}`, SECRET]) {
      let message = ''
      try {
        engineConfigFromObject({ chains: { 1: { rpc_url } } }, { file: 'engine.toml', baseDir: '/' })
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toContain('engine.toml: chains.1.rpc_url: expected a ws://, wss://, http:// or https:// URL')
      expect(message).not.toContain(SECRET)
    }
  })

  it('the engine command prints no key while it fails to dial', { timeout: 90_000 }, async () => {
    const dir = tempDir('nexum-secrets-')
    const url = `ws://127.0.0.1:9/rpc/${SECRET}?dkey=${SECRET}&x-goog-api-key=${SECRET}`
    writeFileSync(join(dir, 'engine.toml'), `[engine]\nstate_dir = "state"\n\n[chains.11155111]\nrpc_url = "${url}"\n`)
    const { code, stderr, stdout } = await runCli(['engine'], dir)
    expect(code).toBe(1)
    expect(stderr).toContain('connect chain 11155111')
    expect(stderr + stdout).not.toContain(SECRET)
  })
})
