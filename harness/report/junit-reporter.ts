// JUnit XML as Jenkins, GitLab and GitHub test-report actions read it (the common
// Surefire/Jenkins schema, harness/report/junit.xsd): one testsuite, one testcase per scenario.
// `classname` is the scenario file relative to the working directory (CI groups by it); a
// scenario whose expectations failed is a <failure type="expectation"> carrying the replay line;
// one that could not be loaded at all is an <error type="invalid-scenario">.
import { relative } from 'node:path'
import type { RunSummary, ScenarioResult } from './scenario-result.js'
import { xmlAttribute, xmlText } from './xml-text.js'

export interface JunitOptions {
  /** classname is the file relative to this folder. */
  cwd: string
  /** When the run started (ISO 8601, no zone designator, as the schema's xs:dateTime pattern wants). */
  timestamp: Date
  hostname: string
}

const DEFAULT_OPTIONS = (): JunitOptions => ({ cwd: process.cwd(), timestamp: new Date(), hostname: 'localhost' })

export function isLoadError(s: ScenarioResult): boolean {
  return s.status === 'failed' && s.replay === undefined
}

export function renderJunit(summary: RunSummary, options: JunitOptions = DEFAULT_OPTIONS()): string {
  const total = summary.scenarios.length
  const seconds = (ms: number) => (ms / 1000).toFixed(3)
  const time = summary.scenarios.reduce((t, s) => t + s.durationMs, 0)
  const errors = summary.scenarios.filter(isLoadError).length
  const failures = summary.failed - errors
  const counts = `tests="${total}" failures="${failures}" errors="${errors}" skipped="${summary.skipped}" time="${seconds(time)}"`
  const cases = summary.scenarios.map((s) => {
    const classname = (relative(options.cwd, s.file) || s.file).replace(/\\/g, '/')
    const open = `    <testcase classname="${xmlAttribute(classname)}" name="${xmlAttribute(`${s.name} [${s.mode}]`)}" time="${seconds(s.durationMs)}"`
    if (s.status === 'passed') return `${open}/>`
    if (s.status === 'skipped')
      return `${open}>\n      <skipped message="${xmlAttribute(s.skipReason ?? 'not selected')}"/>\n    </testcase>`
    const body = [...s.failures, ...(s.replay ? [`replay: ${s.replay}`] : [])].join('\n')
    const [element, type] = isLoadError(s) ? ['error', 'invalid-scenario'] : ['failure', 'expectation']
    return `${open}>\n      <${element} message="${xmlAttribute(s.failures[0] ?? 'failed')}" type="${type}">${xmlText(body)}</${element}>\n    </testcase>`
  })
  const timestamp = options.timestamp.toISOString().slice(0, 19)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${counts}>`,
    `  <testsuite name="nexum-sim scenarios" ${counts} timestamp="${timestamp}" hostname="${xmlAttribute(options.hostname)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
