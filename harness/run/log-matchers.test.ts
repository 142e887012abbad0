// Log expectations are matched on the stream: a step's expect sees the lines so far, the final
// one every line, and no line is kept once matched against every matcher (decision 0181).
import { describe, expect, it } from 'vitest'
import type { LogEvent } from '../../engine/observe/telemetry.js'
import type { Expectations } from '../scenario/types.js'
import { LogMatchers } from './log-matchers.js'

const line = (message: string, module = 'probe', level: LogEvent['level'] = 'info'): LogEvent => ({
  type: 'log',
  level,
  target: 'module',
  module,
  message,
})

describe('LogMatchers', () => {
  it('a step’s block judges the lines so far; the final one every line', () => {
    const step: Expectations = {
      at: 'steps[1].expect',
      logs: [{ contains: 'block 2' }],
      noLogs: [{ contains: 'block 3' }],
    }
    const final: Expectations = { at: 'expect', logs: [{ contains: 'block 3' }], noLogs: [{ contains: 'block 9' }] }
    const book = new LogMatchers([step, final])
    book.observe(line('probe received block 1'))
    expect(book.check(step).missing[0]).toBe(
      'none; last: "INFO module{module=probe}: probe received block 1"'.replace('INFO', ' INFO'),
    )
    book.observe(line('probe received block 2'))
    expect(book.check(step)).toEqual({ missing: [undefined], forbidden: [undefined] })
    book.observe(line('probe received block 3'))
    expect(book.check(final)).toEqual({ missing: [undefined], forbidden: [undefined] })
    expect(book.check(step).forbidden[0]).toBe(' INFO module{module=probe}: probe received block 3')
  })

  it('a failure shows the closest lines (same module and level), else the last ones, three at most', () => {
    const e: Expectations = { at: 'expect', logs: [{ module: 'stop-loss', level: 'warn', contains: 'retry' }] }
    const book = new LogMatchers([e])
    for (let i = 0; i < 5; i++) book.observe(line(`stop-loss waiting ${i}`, 'stop-loss', 'warn'))
    book.observe(line('other', 'probe', 'warn'))
    expect(book.check(e).missing[0]).toBe(
      'none; closest: " WARN module{module=stop-loss}: stop-loss waiting 2" | " WARN module{module=stop-loss}: stop-loss waiting 3" | " WARN module{module=stop-loss}: stop-loss waiting 4"',
    )
    expect(new LogMatchers([e]).check(e).missing[0]).toBe('no log lines at all')
  })

  it('after 200,000 lines a failure still shows the last three (the memory figure: nexum-sim bench long-run-memory)', () => {
    const e: Expectations = {
      at: 'expect',
      logs: [{ contains: 'never said' }],
      noLogs: [{ contains: 'never said either' }],
    }
    const book = new LogMatchers([e])
    for (let i = 0; i < 200_000; i++) book.observe(line(`probe received block ${i}`))
    expect(book.check(e).missing[0]).toMatch(/^none; last: .*block 199997.*block 199998.*block 199999/)
  })
})
