import { describe, expect, it } from 'vitest'
import { isLogLevelDirective } from './log-level.js'

describe('isLogLevelDirective', () => {
  it('accepts level names, case-insensitively', () => {
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'off', 'INFO'])
      expect(isLogLevelDirective(level)).toBe(true)
  })

  it('accepts target directives as the Rust engine configs write them', () => {
    expect(isLogLevelDirective('info,nexum_engine=debug')).toBe(true)
    expect(isLogLevelDirective('warn, nexum_engine::host=trace')).toBe(true)
  })

  it('refuses typos, empty text, bare targets and empty targets', () => {
    for (const bad of ['inf', '', ' , ', 'nexum_engine', 'info,nexum_engine=verbose', '=debug', 'a b=info']) {
      expect(isLogLevelDirective(bad), bad).toBe(false)
    }
  })
})
