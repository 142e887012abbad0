import type { RunSummary } from './scenario-result.js'

/** JUnit XML: one testsuite, one testcase per scenario, failures with the replay line. */
export function renderJunit(summary: RunSummary): string {
  const total = summary.scenarios.length
  const seconds = (ms: number) => (ms / 1000).toFixed(3)
  const time = summary.scenarios.reduce((t, s) => t + s.durationMs, 0)
  const cases = summary.scenarios.map((s) => {
    const open = `  <testcase classname="${xml(s.file)}" name="${xml(`${s.name} [${s.mode}]`)}" time="${seconds(s.durationMs)}"`
    if (s.status === 'passed') return `${open}/>`
    if (s.status === 'skipped')
      return `${open}>\n    <skipped message="${xml(s.skipReason ?? 'not selected')}"/>\n  </testcase>`
    const body = [...s.failures, ...(s.replay ? [`replay: ${s.replay}`] : [])].join('\n')
    return `${open}>\n    <failure message="${xml(s.failures[0] ?? 'failed')}">${xml(body)}</failure>\n  </testcase>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${total}" failures="${summary.failed}" skipped="${summary.skipped}" time="${seconds(time)}">`,
    `<testsuite name="nexum-sim scenarios" tests="${total}" failures="${summary.failed}" skipped="${summary.skipped}" time="${seconds(time)}">`,
    ...cases,
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
}
