// The HTML report of `nexum-sim run --out DIR`, opened in a real headless browser: Debian's
// chromium (installed by .ci/run) driven by playwright-core. The page must render with no console
// error and no request leaving the file, and each scenario's timeline must hold exactly the marks
// its trace calls for, counted here from the trace files themselves. A screenshot is kept in
// test-artifacts/ (gitignored) for a human to look at.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, runCli } from './support/run-cli.js'
import { scenarioTree } from './support/scenario-tree.js'

const CHROMIUM = '/usr/bin/chromium'
const ARTIFACTS = join(ROOT, 'test-artifacts')
const haveChromium = existsSync(CHROMIUM)
if (!haveChromium)
  console.warn(`skipping the browser test: ${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`)

const probe = (name: string, steps: string, expect: string) => `version: 1
name: ${name}
engine:
  chains: { 11155111: {} }
  modules: [ { use: probe, subscriptions: [ { kind: block, chain_id: 11155111 } ] } ]
steps:
${steps}
expect:
${expect}
`

let browser: BrowserContext | undefined
let userDataDir: string | undefined
beforeAll(async () => {
  if (!haveChromium) return
  userDataDir = mkdtempSync(join(tmpdir(), 'nexum-chromium-'))
  // A fresh profile per run: playwright passes it as --user-data-dir.
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
})

/** The marks a trace calls for, counted from its lines (independent of the report's code). */
function expectedMarks(traceFile: string): number {
  return readFileSync(traceFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; step?: string })
    .filter(
      (e) =>
        ['module-init', 'dispatch', 'decision', 'orderbook', 'exit'].includes(e.type) ||
        (e.type === 'step' && ['drop', 'signal', 'restart'].includes(e.step ?? '')),
    ).length
}

describe.skipIf(!haveChromium)('the HTML report in headless chromium', { timeout: 180_000 }, () => {
  it('renders every scenario with its timeline marks, failures highlighted, no console error, no request out', async () => {
    const dir = scenarioTree({
      'basic/ok.yaml': probe(
        'three blocks then SIGTERM',
        '  - blocks: { count: 3 }\n  - signal: SIGTERM',
        '  dispatch: { probe: { blocks: 3 } }',
      ),
      'basic/drop.yaml': probe(
        'a dropped stream exits 3, then a restart',
        '  - block: {}\n  - drop: { stream: blocks }\n  - restart: {}\n  - block: {}\n  - signal: SIGINT',
        '  exit: { reason: signal, code: 0 }',
      ),
      'bad.yaml': probe(
        'wants more blocks than it gets',
        '  - blocks: { count: 2 }\n  - signal: SIGTERM',
        '  dispatch: { probe: { blocks: 5 } }',
      ),
    })
    const out = join(dir, 'out')
    const run = await runCli(['run', dir, '--out', out])
    expect(run.code).toBe(1)
    const html = join(out, 'index.html')
    expect(existsSync(html)).toBe(true)
    expect(readFileSync(html, 'utf8')).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/)

    const page = await browser!.newPage()
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(pathToFileURL(html).href)

    const sections = await page.$$eval('section.scenario', (nodes) =>
      nodes.map((n) => ({
        file: n.getAttribute('data-file'),
        status: [...n.classList].find((c) => c !== 'scenario'),
        marks: n.querySelectorAll('svg.timeline .mark').length,
        lanes: [...n.querySelectorAll('svg.timeline .lane text')].map((t) => t.textContent),
        failures: [...n.querySelectorAll('ul.failures li')].map((li) => li.textContent),
        wanted: n.querySelector('.failures .wanted')?.textContent ?? null,
        got: n.querySelector('.failures .got')?.textContent ?? null,
        replay: n.querySelector('.replay code')?.textContent ?? null,
      })),
    )
    expect(sections).toHaveLength(3)
    for (const s of sections) {
      const trace = join(out, s.file!.replace(/^.*?((basic\/)?[^/]+)\.yaml$/, '$1.trace.jsonl'))
      expect(s.marks, s.file!).toBe(expectedMarks(trace))
      expect(s.marks).toBeGreaterThan(2)
      expect(s.lanes).toEqual(['engine', 'probe'])
    }
    const bad = sections.find((s) => s.file!.endsWith('bad.yaml'))!
    expect(bad.status).toBe('failed')
    expect(bad.failures).toEqual(['expect.dispatch.probe.blocks: wanted 5, got 2'])
    expect([bad.wanted, bad.got]).toEqual(['5', '2'])
    expect(bad.replay).toMatch(/^nexum-sim run \S*bad\.yaml --seed \d+ --mode fixture$/)
    const drop = sections.find((s) => s.file!.endsWith('drop.yaml'))!
    expect(drop.status).toBe('passed')
    expect(await page.locator('section.scenario.failed').count()).toBe(1)
    expect(await page.locator('.summary').textContent()).toContain('2 passed 1 failed 0 skipped')

    mkdirSync(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true })
    expect(problems).toEqual([])
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([])
    await page.close()
  })
})
