// GitHub Actions workflow commands: one `::error file=…,line=…,title=…::message` per failure,
// shown as annotations on the scenario file's line in the pull request, then the pretty text
// for the log. Chosen by default when GITHUB_ACTIONS=true.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { relative } from 'node:path'
import { renderPretty } from './pretty-reporter.js'
import type { RunSummary } from './scenario-result.js'
import { failureKeyPath } from './key-path-line.js'

export interface GithubOptions {
  cwd: string
  /** The line of `file` that `keyPath` names (1 when unknown). */
  lineOf(file: string, keyPath: string | undefined): number
}

/** Properties and message data are escaped as the runner's command parser expects. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export function renderGithub(summary: RunSummary, options: GithubOptions): string {
  const lines: string[] = []
  for (const s of summary.scenarios) {
    if (s.status !== 'failed') continue
    const file = (relative(options.cwd, s.file) || s.file).replace(/\\/g, '/')
    for (const failure of s.failures) {
      const line = options.lineOf(s.file, failureKeyPath(failure))
      const message = s.replay ? `${failure}\nreplay: ${s.replay}` : failure
      lines.push(
        `::error file=${escapeProperty(file)},line=${line},title=${escapeProperty(`${s.name} [${s.mode}]`)}::${escapeData(message)}`,
      )
    }
  }
  return [...lines, renderPretty(summary, { color: false, cwd: options.cwd })].join('\n')
}
