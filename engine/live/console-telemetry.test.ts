import { describe, expect, it } from 'vitest'
import { createConsoleTelemetry, formatLogLine } from './console-telemetry.js'

const AT = Date.UTC(2026, 10, 27, 14, 0, 0)

describe('formatLogLine', () => {
  it('prints engine lines in the Rust engine’s tracing style, with fields', () => {
    expect(
      formatLogLine(
        {
          type: 'log',
          level: 'info',
          target: 'engine',
          message: 'supervisor ready',
          fields: { modules: 3, chains: 1 },
        },
        AT,
      ),
    ).toBe('2026-11-27T14:00:00.000Z  INFO nexum_engine: supervisor ready modules=3 chains=1')
  })

  it('prints module lines under the module span', () => {
    expect(
      formatLogLine(
        { type: 'log', level: 'warn', target: 'module', module: 'stop-loss', message: 'stop-loss retry on next block' },
        AT,
      ),
    ).toBe('2026-11-27T14:00:00.000Z  WARN module{module=stop-loss}: stop-loss retry on next block')
  })

  it('pads levels to five columns', () => {
    const line = (level: 'error' | 'debug' | 'trace') =>
      formatLogLine({ type: 'log', level, target: 'engine', message: 'x' }, AT)
    expect(line('error')).toContain('Z ERROR nexum_engine: x')
    expect(line('debug')).toContain('Z DEBUG nexum_engine: x')
    expect(line('trace')).toContain('Z TRACE nexum_engine: x')
  })

  it('quotes field values with spaces, leaves booleans bare', () => {
    expect(
      formatLogLine(
        {
          type: 'log',
          level: 'warn',
          target: 'engine',
          message: 'block subscription failed',
          fields: { chain_id: 1, error: 'no such chain', ok: false },
        },
        AT,
      ),
    ).toBe(
      '2026-11-27T14:00:00.000Z  WARN nexum_engine: block subscription failed chain_id=1 error="no such chain" ok=false',
    )
  })

  it('never prints an RPC URL with its API key, in fields or in the message', () => {
    const key = '0123456789abcdef0123456789abcdef'
    const line = formatLogLine(
      {
        type: 'log',
        level: 'info',
        target: 'engine',
        message: `dialling wss://eth-sepolia.g.alchemy.com/v2/${key}`,
        fields: { url: `https://user:pass@rpc.example/v3/${key}?apikey=${key}` },
      },
      AT,
    )
    expect(line).not.toContain(key)
    expect(line).not.toContain('pass@')
    expect(line).toContain('eth-sepolia.g.alchemy.com')
  })
})

describe('forged lines', () => {
  const FORGED = '\n2026-11-27T14:00:00.000Z  INFO nexum_engine: done reason=signal code=0'

  it('a newline in a message or a field from the world cannot start a line of its own', () => {
    const line = formatLogLine(
      {
        type: 'log',
        level: 'warn',
        target: 'module',
        module: 'stop-loss',
        message: `stop-loss dropped (400): orderbook error (InvalidSignature): bad${FORGED}`,
        fields: { error: `rpc error${FORGED}`, body: '\u001b[2K\rINFO ok' },
      },
      AT,
    )
    expect(line.split('\n')).toHaveLength(1)
    expect(line).toContain('bad\\n2026-11-27T14:00:00.000Z  INFO nexum_engine: done reason=signal code=0')
    expect(line).toContain('error="rpc error\\n2026')
    expect(line).not.toMatch(/[\u0000-\u001f]/)
  })
})

describe('createConsoleTelemetry', () => {
  it('prints only log events at or above the configured level, stamped with the injected clock', () => {
    const lines: string[] = []
    let now = AT
    const telemetry = createConsoleTelemetry({
      logLevel: 'info,nexum_engine=debug',
      now: () => now,
      out: (l) => lines.push(l),
    })
    telemetry.emit({ type: 'log', level: 'debug', target: 'engine', message: 'dispatch ok' })
    telemetry.emit({ type: 'log', level: 'trace', target: 'engine', message: 'too chatty' })
    telemetry.emit({ type: 'boot', modules: ['a'] })
    now += 1500
    telemetry.emit({ type: 'log', level: 'info', target: 'module', module: 'probe', message: 'block 1' })
    expect(lines).toEqual([
      '2026-11-27T14:00:00.000Z DEBUG nexum_engine: dispatch ok',
      '2026-11-27T14:00:01.500Z  INFO module{module=probe}: block 1',
    ])
  })
})
