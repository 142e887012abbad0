// Scenario trees written into temp folders, the way Vitest tests its own runner.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export function scenarioTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'nexum-scenarios-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}
