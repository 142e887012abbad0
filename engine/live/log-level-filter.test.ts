import { describe, expect, it } from 'vitest'
import { parseLogLevelFilter } from './log-level-filter.js'

describe('parseLogLevelFilter', () => {
  it('a bare level filters both engine and module lines', () => {
    const filter = parseLogLevelFilter('warn')
    expect(filter.enabled('engine', 'info')).toBe(false)
    expect(filter.enabled('engine', 'warn')).toBe(true)
    expect(filter.enabled('module', 'error')).toBe(true)
    expect(filter.enabled('module', 'info')).toBe(false)
  })

  it('info,nexum_engine=debug: the engine target (and module lines under it) at debug', () => {
    const filter = parseLogLevelFilter('info,nexum_engine=debug')
    expect(filter.defaultLevel).toBe('info')
    expect(filter.enabled('engine', 'debug')).toBe(true)
    expect(filter.enabled('engine', 'trace')).toBe(false)
    expect(filter.enabled('module', 'debug')).toBe(true)
  })

  it('the most specific target wins', () => {
    const filter = parseLogLevelFilter('nexum_engine=debug,nexum_engine::host::impls::logging=error')
    expect(filter.enabled('engine', 'debug')).toBe(true)
    expect(filter.enabled('module', 'warn')).toBe(false)
  })

  it('a directive for another target does not apply', () => {
    const filter = parseLogLevelFilter('error,hyper=trace,nexum=trace')
    expect(filter.enabled('engine', 'warn')).toBe(false)
  })

  it('off silences, levels are case-insensitive, nonsense is ignored (default info)', () => {
    expect(parseLogLevelFilter('off').enabled('engine', 'error')).toBe(false)
    expect(parseLogLevelFilter('DEBUG').enabled('engine', 'debug')).toBe(true)
    const nonsense = parseLogLevelFilter('loud,=x,nexum_engine=chatty')
    expect(nonsense.enabled('engine', 'info')).toBe(true)
    expect(nonsense.enabled('engine', 'debug')).toBe(false)
  })
})
