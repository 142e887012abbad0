// Vitest global setup: the whole run gets its own temp folder (TMPDIR, inherited by every worker
// and every process a test starts), and the run fails if a test leaves anything in it. tsx's
// transform cache (`tsx-<uid>`, written by the CLI under test) is the one expected resident.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const EXPECTED = /^tsx-\d+$/

export default function tmpdirGuard(): () => void {
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP }
  const root = mkdtempSync(join(tmpdir(), 'nexum-sim-tests-'))
  process.env.TMPDIR = root
  process.env.TMP = root
  process.env.TEMP = root
  return () => {
    const left = readdirSync(root).filter((name) => !EXPECTED.test(name))
    if (left.length > 0) {
      console.error(
        `\nThe test run left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in its temp folder (a test that ` +
          'writes a temp tree must remove it: test/support/temp-dir.ts):\n' +
          left.map((name) => `  ${name}`).join('\n'),
      )
      process.exitCode = 1
    }
    rmSync(root, { recursive: true, force: true })
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}
