import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../engine/observe/telemetry.js'
import { LogMatchers } from './log-matchers.js'
import { Observations } from './observations.js'

const events: EngineEvent[] = [
  { type: 'boot', modules: ['a'] },
  { type: 'dispatch', module: 'a', event: 'block', chainId: 1, number: 7, outcome: 'ok' },
  { type: 'log', level: 'info', target: 'module', module: 'a', message: 'hello' },
  { type: 'dispatch', module: 'a', event: 'block', chainId: 1, number: 8, outcome: 'trap', error: 'boom' },
]

describe('Observations', () => {
  it('keeps the dispatch list by default, and hands log lines to the matchers without keeping them', () => {
    const expect_ = { at: 'expect', logs: [{ contains: 'hello' }] }
    const o = new Observations({ logMatchers: new LogMatchers([expect_]) })
    for (const e of events) o.observe(e)
    expect(o.dispatches.map((d) => d.number)).toEqual([7, 8])
    expect(o.logMatchers.check(expect_)).toEqual({ missing: [undefined], forbidden: [] })
  })

  it('keeps no dispatch list unless asked, and always the tallies', () => {
    const o = new Observations({ keepDispatches: false })
    for (const e of events) o.observe(e)
    expect(o.dispatches).toEqual([])
    expect(o.dispatch.get('a')).toEqual({ blocks: 2, logs: 0, ok: 1, errors: 0, traps: 1 })
    expect([...o.dead]).toEqual(['a'])
  })
})
