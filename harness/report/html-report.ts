// `--out DIR/index.html`: one static page (no script, no server, no network) with the run's
// summary and, per scenario, its timeline drawn as SVG: virtual time on the x axis, one lane per
// module, a mark per dispatch (ok, host error, trap), orderbook exchanges, decisions, stream
// drops, signals, restarts and the exit. Failed expectations are listed under it, wanted vs got,
// with the replay line. Marks at the same virtual instant keep their order, a few pixels apart.
import { relative } from 'node:path'
import type { RunSummary, ScenarioResult } from './scenario-result.js'
import type { Mark, Timeline } from './timeline.js'
import { xmlAttribute, xmlText } from './xml-text.js'

export interface HtmlReportOptions {
  cwd: string
  /** Per scenario file: its timeline (absent when it did not run). */
  timelines: ReadonlyMap<string, Timeline>
  generatedAt: Date
}

const LANE_HEIGHT = 28
const LABEL_WIDTH = 150
const MIN_STEP = 9
const PLOT_WIDTH = 900
const AXIS_HEIGHT = 22

export function renderHtmlReport(summary: RunSummary, options: HtmlReportOptions): string {
  const sections = summary.scenarios.map((s, i) => scenarioSection(s, i, options))
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nexum-sim run: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>nexum-sim run</h1>
<p class="summary"><span class="passed">${summary.passed} passed</span> <span class="failed">${summary.failed} failed</span> <span class="skipped">${summary.skipped} skipped</span> · generated ${xmlText(options.generatedAt.toISOString())}</p>
<table class="index"><thead><tr><th>scenario</th><th>file</th><th>status</th><th>ms</th></tr></thead><tbody>
${summary.scenarios
  .map(
    (s, i) =>
      `<tr class="${s.status}"><td><a href="#s${i}">${xmlText(s.name)}</a></td><td>${xmlText(fileOf(s, options.cwd))}</td><td>${s.status}</td><td>${Math.round(s.durationMs)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
${LEGEND}
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`
}

function fileOf(s: ScenarioResult, cwd: string): string {
  return relative(cwd, s.file) || s.file
}

function scenarioSection(s: ScenarioResult, index: number, options: HtmlReportOptions): string {
  const timeline = options.timelines.get(s.file)
  const failures = s.failures.length
    ? `<ul class="failures">${s.failures.map((f) => `<li>${failureHtml(f)}</li>`).join('')}</ul>${s.replay ? `<p class="replay">replay: <code>${xmlText(s.replay)}</code></p>` : ''}`
    : ''
  return `<section id="s${index}" class="scenario ${s.status}" data-file="${xmlAttribute(fileOf(s, options.cwd))}">
<h2><span class="badge ${s.status}">${s.status}</span> ${xmlText(s.name)} <small>${xmlText(fileOf(s, options.cwd))} · ${s.mode}${s.seed !== undefined ? ` · seed ${s.seed}` : ''}${s.skipReason ? ` · ${xmlText(s.skipReason)}` : ''}</small></h2>
${timeline ? timelineSvg(timeline) : '<p class="no-timeline">no timeline (the scenario did not run)</p>'}
${failures}
</section>`
}

/** `key: wanted X, got Y` shown with wanted and got set apart. */
function failureHtml(failure: string): string {
  const m = /^(.*?): wanted (.*), got (.*)$/s.exec(failure)
  if (!m) return xmlText(failure)
  return `<span class="key">${xmlText(m[1]!)}</span>: wanted <span class="wanted">${xmlText(m[2]!)}</span>, got <span class="got">${xmlText(m[3]!)}</span>`
}

/** x of each mark: proportional to virtual time, but never closer than MIN_STEP to the one before. */
export function markPositions(marks: readonly Mark[]): number[] {
  if (marks.length === 0) return []
  const start = marks[0]!.t
  const span = Math.max(1, marks.at(-1)!.t - start)
  const xs: number[] = []
  let last = -MIN_STEP
  for (const m of marks) {
    const x = Math.max(((m.t - start) / span) * PLOT_WIDTH, last + MIN_STEP)
    xs.push(x)
    last = x
  }
  return xs
}

function timelineSvg(timeline: Timeline): string {
  const xs = markPositions(timeline.marks)
  const plot = Math.max(PLOT_WIDTH, (xs.at(-1) ?? 0) + 20)
  const width = LABEL_WIDTH + plot + 20
  const height = AXIS_HEIGHT + timeline.lanes.length * LANE_HEIGHT + 6
  const laneY = (lane: string) => AXIS_HEIGHT + timeline.lanes.indexOf(lane) * LANE_HEIGHT + LANE_HEIGHT / 2
  const start = timeline.marks[0]?.t ?? 0
  const lanes = timeline.lanes
    .map(
      (lane) =>
        `<g class="lane"><line x1="${LABEL_WIDTH}" x2="${width - 10}" y1="${laneY(lane)}" y2="${laneY(lane)}"/><text x="${LABEL_WIDTH - 8}" y="${laneY(lane) + 4}" text-anchor="end">${xmlText(lane)}</text></g>`,
    )
    .join('')
  // One tick per distinct instant, skipping those that would overlap the previous label.
  const ticks: string[] = []
  let lastTickX = -Infinity
  let lastT: number | undefined
  timeline.marks.forEach((m, i) => {
    const x = LABEL_WIDTH + xs[i]!
    if (m.t === lastT || x - lastTickX < 60) return
    lastT = m.t
    lastTickX = x
    ticks.push(`<text class="tick" x="${x}" y="14" text-anchor="middle">+${formatSeconds(m.t - start)}</text>`)
  })
  const marks = timeline.marks.map((m, i) => markSvg(m, LABEL_WIDTH + xs[i]!, laneY(m.lane))).join('')
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="timeline">
<g class="axis">${ticks.join('')}</g>${lanes}<g class="marks">${marks}</g></svg>`
}

function markSvg(m: Mark, x: number, y: number): string {
  const title = `<title>${xmlText(m.label)}</title>`
  const cls = `mark ${m.kind} ${m.outcome}`
  const data = `data-kind="${m.kind}" data-outcome="${m.outcome}" data-t="${m.t}"`
  switch (m.kind) {
    case 'dispatch':
    case 'init':
      return `<circle class="${cls}" ${data} cx="${x.toFixed(1)}" cy="${y}" r="${m.kind === 'init' ? 4 : 5}">${title}</circle>`
    case 'orderbook':
    case 'decision':
      return `<rect class="${cls}" ${data} x="${(x - 4.5).toFixed(1)}" y="${y - 4.5}" width="9" height="9" transform="rotate(45 ${x.toFixed(1)} ${y})">${title}</rect>`
    default:
      return `<path class="${cls}" ${data} d="M${x.toFixed(1)} ${y - 9} L${(x + 6).toFixed(1)} ${y + 6} L${(x - 6).toFixed(1)} ${y + 6} Z">${title}</path>`
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(3)}s`
}

const LEGEND = `<p class="legend">
<svg width="16" height="14"><circle class="mark dispatch ok" cx="8" cy="7" r="5"/></svg> dispatch ok
<svg width="16" height="14"><circle class="mark dispatch host-error" cx="8" cy="7" r="5"/></svg> host error
<svg width="16" height="14"><circle class="mark dispatch trap" cx="8" cy="7" r="5"/></svg> trap
<svg width="16" height="14"><rect class="mark orderbook ok" x="3" y="2" width="9" height="9"/></svg> orderbook exchange / decision
<svg width="16" height="14"><path class="mark signal warn" d="M8 1 L14 13 L2 13 Z"/></svg> drop, signal, restart, exit
</p>`

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header,main{padding:12px 24px}
h1{margin:0 0 4px;font-size:20px}
h2{font-size:15px;margin:0 0 6px}
h2 small{color:#667;font-weight:normal}
.summary span{font-weight:600;margin-right:8px}
.passed{color:#1a7f37}.failed{color:#cf222e}.skipped{color:#9a6700}
table.index{border-collapse:collapse;margin:8px 0}
table.index td,table.index th{padding:2px 10px;border-bottom:1px solid #e3e6ea;text-align:left}
tr.failed td{background:#fff0f0}
section.scenario{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:10px 12px;margin:12px 0;overflow-x:auto}
section.scenario.failed{border-color:#cf222e;box-shadow:0 0 0 2px #ffd7d5}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff}
.badge.passed{background:#1a7f37}.badge.failed{background:#cf222e}.badge.skipped{background:#9a6700}
svg.timeline{display:block;margin:4px 0}
.lane line{stroke:#d0d7de;stroke-width:1}
.lane text,.tick{font-size:11px;fill:#57606a}
.mark{stroke:#1d2330;stroke-width:.6}
.mark.ok{fill:#2da44e}.mark.host-error{fill:#d4a72c}.mark.trap{fill:#cf222e}.mark.warn{fill:#8250df}
.mark.exit.ok{fill:#0969da}
ul.failures{margin:6px 0;padding-left:18px;color:#82071e}
.failures .key{font-family:ui-monospace,monospace}
.failures .wanted{background:#dafbe1;color:#116329;padding:0 3px;border-radius:3px}
.failures .got{background:#ffebe9;color:#82071e;padding:0 3px;border-radius:3px}
.replay code{background:#f6f8fa;padding:2px 6px;border-radius:4px}
.legend svg{vertical-align:middle}
`
