import { relative } from 'node:path'
import type { RunSummary, ScenarioResult } from './scenario-result.js'

export interface PrettyOptions {
  color: boolean
  cwd: string
}

/** Human output: one line per scenario, failures in full, and the closing count line. */
export function renderPretty(summary: RunSummary, opts: PrettyOptions): string {
  const paint = (code: number, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s)
  const out: string[] = []
  for (const s of summary.scenarios) {
    const file = relative(opts.cwd, s.file) || s.file
    const mark = s.status === 'passed' ? paint(32, '✓') : s.status === 'skipped' ? paint(33, '-') : paint(31, '✗')
    const time = paint(90, `${Math.round(s.durationMs)}ms`)
    out.push(
      `${mark} ${file} ${paint(90, '›')} ${s.name} ${time}${s.skipReason ? paint(90, ` (skipped: ${s.skipReason})`) : ''}`,
    )
    if (s.status === 'failed') out.push(...failureBlock(s, paint))
  }
  out.push('')
  out.push(closingLine(summary))
  return out.join('\n')
}

function failureBlock(s: ScenarioResult, paint: (code: number, s: string) => string): string[] {
  const lines = s.failures.map((f) => `    ${paint(31, '•')} ${f}`)
  if (s.replay) lines.push(`    replay: ${s.replay}`)
  return lines
}

/** `N passed, N failed, N skipped`: the plain closing line CI reads. */
export function closingLine(summary: RunSummary): string {
  return `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`
}
