import { describe, expect, it } from 'vitest'
import { escapeControl, hasControl } from './escape-control.js'

describe('escapeControl', () => {
  it('turns line breaks, tabs, ANSI escapes, C1 controls and Unicode separators into visible escapes', () => {
    expect(escapeControl('a\nb\r\nc\td')).toBe('a\\nb\\r\\nc\\td')
    expect(escapeControl('\u001b[2Jcleared')).toBe('\\u001b[2Jcleared')
    expect(escapeControl('x\u0085y\u2028z\u2029')).toBe('x\\u0085y\\u2028z\\u2029')
    expect(escapeControl('plain, ünïcode ✓')).toBe('plain, ünïcode ✓')
  })

  it('says whether a text has any', () => {
    expect(hasControl('ok')).toBe(false)
    expect(hasControl('a\u0000')).toBe(true)
    expect(hasControl('ok')).toBe(false)
  })
})
