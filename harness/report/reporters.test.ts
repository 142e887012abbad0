import { describe, expect, it } from 'vitest'
import { renderJson } from './json-reporter.js'
import { renderJunit } from './junit-reporter.js'
import { closingLine, renderPretty } from './pretty-reporter.js'
import { summarise, type ScenarioResult } from './scenario-result.js'

const results: ScenarioResult[] = [
  {
    file: '/repo/scenarios/a.yaml',
    name: 'passes',
    mode: 'fixture',
    status: 'passed',
    failures: [],
    seed: 1,
    traceHash: `sha256:${'a'.repeat(64)}`,
    durationMs: 12.4,
    replay: 'nexum-sim run scenarios/a.yaml --seed 1 --mode fixture',
  },
  {
    file: '/repo/scenarios/b.yaml',
    name: 'fails <badly> & "loudly"',
    mode: 'fixture',
    status: 'failed',
    failures: ['expect.exit.code: wanted 3, got 0'],
    seed: 2,
    durationMs: 3,
    replay: 'nexum-sim run scenarios/b.yaml --seed 2 --mode fixture',
  },
  {
    file: '/repo/scenarios/c.yaml',
    name: 'anvil only',
    mode: 'fixture',
    status: 'skipped',
    failures: [],
    durationMs: 0,
    skipReason: 'lists modes [anvil]',
  },
]
const summary = summarise(results)

describe('reporters', () => {
  it('summarise counts each status', () => {
    expect({ passed: summary.passed, failed: summary.failed, skipped: summary.skipped }).toEqual({
      passed: 1,
      failed: 1,
      skipped: 1,
    })
    expect(closingLine(summary)).toBe('1 passed, 1 failed, 1 skipped')
  })

  it('pretty: one line per scenario, failures in full, the replay line after them, the count line last', () => {
    const text = renderPretty(summary, { color: false, cwd: '/repo' })
    expect(text.split('\n')).toEqual([
      '✓ scenarios/a.yaml › passes 12ms',
      '✗ scenarios/b.yaml › fails <badly> & "loudly" 3ms',
      '    • expect.exit.code: wanted 3, got 0',
      '    replay: nexum-sim run scenarios/b.yaml --seed 2 --mode fixture',
      '- scenarios/c.yaml › anvil only 0ms (skipped: lists modes [anvil])',
      '',
      '1 passed, 1 failed, 1 skipped',
    ])
  })

  it('json: the object of docs/scenarios.md', () => {
    const report = JSON.parse(renderJson(summary))
    expect(report).toMatchObject({ passed: 1, failed: 1, skipped: 1 })
    expect(report.scenarios[1]).toEqual({
      file: '/repo/scenarios/b.yaml',
      name: 'fails <badly> & "loudly"',
      mode: 'fixture',
      status: 'failed',
      failures: ['expect.exit.code: wanted 3, got 0'],
      replay: 'nexum-sim run scenarios/b.yaml --seed 2 --mode fixture',
      seed: 2,
      durationMs: 3,
    })
  })

  it('junit: escaped XML with a failure carrying the replay line and a skipped case', () => {
    const xml = renderJunit(summary, { cwd: '/repo', timestamp: new Date(0), hostname: 'h' })
    expect(xml).toContain('<testsuites tests="3" failures="1" errors="0" skipped="1"')
    expect(xml).toContain('name="fails &lt;badly&gt; &amp; &quot;loudly&quot; [fixture]"')
    expect(xml).toContain(
      'expect.exit.code: wanted 3, got 0\nreplay: nexum-sim run scenarios/b.yaml --seed 2 --mode fixture</failure>',
    )
    expect(xml).toContain('<skipped message="lists modes [anvil]"/>')
  })
})
