// The reports of `nexum-sim run`: the chosen reporter's text, and under `--out` the files
// (report.json, junit.xml, index.html). Loaded only when a run finished (see run-command.ts);
// the HTML report only by a run with `--out` (decision 0242).
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { renderGithub } from '../report/github-reporter.js'
import { renderJson } from '../report/json-reporter.js'
import { renderJunit } from '../report/junit-reporter.js'
import { lineOfKeyPath } from '../report/key-path-line.js'
import { renderPretty } from '../report/pretty-reporter.js'
import type { RunSummary } from '../report/scenario-result.js'
import type { Timeline } from '../report/timeline.js'

export { timelineFromTrace } from '../report/timeline.js'

export { summarise } from '../report/scenario-result.js'

export type ReporterName = 'pretty' | 'json' | 'junit' | 'github'

export async function renderReport(
  reporter: ReporterName,
  summary: RunSummary,
  options: { cwd: string; color: boolean; startedAt: Date },
): Promise<string> {
  switch (reporter) {
    case 'json':
      return renderJson(summary)
    case 'junit':
      return renderJunit(summary, {
        cwd: options.cwd,
        timestamp: options.startedAt,
        hostname: hostname() || 'localhost',
      })
    case 'github':
      return renderGithub(summary, { cwd: options.cwd, lineOf: lineInFile })
    default:
      return renderPretty(summary, { color: options.color, cwd: options.cwd })
  }
}

export async function writeReportFiles(
  out: string,
  summary: RunSummary,
  options: { cwd: string; startedAt: Date; timelines: ReadonlyMap<string, Timeline> },
): Promise<void> {
  const { renderHtmlReport } = await import('../report/html-report.js')
  await mkdir(out, { recursive: true })
  await writeFile(join(out, 'report.json'), `${renderJson(summary)}\n`)
  await writeFile(
    join(out, 'junit.xml'),
    renderJunit(summary, { cwd: options.cwd, timestamp: options.startedAt, hostname: hostname() || 'localhost' }),
  )
  await writeFile(
    join(out, 'index.html'),
    renderHtmlReport(summary, { cwd: options.cwd, timelines: options.timelines, generatedAt: options.startedAt }),
  )
}

/** The line a failure's key path is on; 1 when the file cannot be read or has no such key. */
function lineInFile(file: string, keyPath: string | undefined): number {
  if (keyPath === undefined) return 1
  try {
    return lineOfKeyPath(readFileSync(file, 'utf8'), keyPath)
  } catch {
    return 1
  }
}
