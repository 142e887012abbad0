// The JUnit report checked by a real XML parser and schema validator (libxml2's xmllint, from
// Debian's libxml2-utils, which .ci/run installs) against harness/report/junit.xsd.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { renderJunit } from './junit-reporter.js'
import { summarise, type ScenarioResult } from './scenario-result.js'

const XSD = fileURLToPath(new URL('./junit.xsd', import.meta.url))
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0
const dir = mkdtempSync(join(tmpdir(), 'nexum-junit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const results: ScenarioResult[] = [
  {
    file: '/repo/scenarios/a/ok.yaml',
    name: 'passes',
    mode: 'fixture',
    status: 'passed',
    failures: [],
    durationMs: 12.4,
    replay: 'nexum-sim run scenarios/a/ok.yaml --seed 1 --mode fixture',
  },
  {
    file: '/repo/scenarios/b.yaml',
    name: 'fails <badly> & "loudly"',
    mode: 'fixture',
    status: 'failed',
    failures: ['expect.exit.code: wanted 3, got 0', 'logs[0]: wanted a line containing "a\u0001b"'],
    durationMs: 3,
    replay: 'nexum-sim run scenarios/b.yaml --seed 2 --mode fixture',
  },
  {
    // A binary file: its bytes end up quoted in the message.
    file: '/repo/scenarios/junk.yaml',
    name: 'junk.yaml',
    mode: 'fixture',
    status: 'failed',
    failures: ['/repo/scenarios/junk.yaml: expected YAML, found "\uffff\ufffe\u0000\ud800x"'],
    durationMs: 1,
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

const xml = renderJunit(summarise(results), {
  cwd: '/repo',
  timestamp: new Date('2026-11-29T14:00:00.123Z'),
  hostname: 'ci-runner-1',
})

function xpath(expression: string): string {
  const file = join(dir, 'report.xml')
  writeFileSync(file, xml)
  return execFileSync('xmllint', ['--xpath', expression, file], { encoding: 'utf8' }).replace(/\n$/, '')
}

describe('renderJunit', () => {
  it.skipIf(!hasXmllint)('is valid against the JUnit schema (xmllint --schema)', () => {
    const file = join(dir, 'valid.xml')
    writeFileSync(file, xml)
    const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' })
    expect(r.stderr).toContain('validates')
    expect(r.status).toBe(0)
  })

  it.skipIf(!hasXmllint)(
    'counts failures and errors apart; relative classname; timestamp, hostname, failure type',
    () => {
      expect(xpath('string(//testsuite/@tests)')).toBe('4')
      expect(xpath('string(//testsuite/@failures)')).toBe('1')
      expect(xpath('string(//testsuite/@errors)')).toBe('1')
      expect(xpath('string(//testsuite/@skipped)')).toBe('1')
      expect(xpath('string(//testsuite/@timestamp)')).toBe('2026-11-29T14:00:00')
      expect(xpath('string(//testsuite/@hostname)')).toBe('ci-runner-1')
      expect(xpath('string(//testcase[1]/@classname)')).toBe('scenarios/a/ok.yaml')
      expect(xpath('string(//testcase[2]/failure/@type)')).toBe('expectation')
      expect(xpath('string(//testcase[2]/@name)')).toBe('fails <badly> & "loudly" [fixture]')
      expect(xpath('string(//testcase[3]/error/@type)')).toBe('invalid-scenario')
      // Characters XML forbids became U+FFFD; the text around them is kept.
      expect(xpath('string(//testcase[3]/error/@message)')).toBe(
        '/repo/scenarios/junk.yaml: expected YAML, found "\ufffd\ufffd\ufffd\ufffdx"',
      )
      expect(xpath('string(//testcase[2]/failure)')).toBe(
        'expect.exit.code: wanted 3, got 0\nlogs[0]: wanted a line containing "a\ufffdb"\nreplay: nexum-sim run scenarios/b.yaml --seed 2 --mode fixture',
      )
    },
  )

  it('forbidden characters never reach the XML, whatever the input', () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/)
    expect(xml).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })
})
