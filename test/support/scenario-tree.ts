// Scenario trees written into temp folders, the way Vitest tests its own runner; each is removed
// when the test that wrote it finishes.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { tempDir } from './temp-dir.js'

export function scenarioTree(files: Record<string, string>): string {
  const root = tempDir('nexum-scenarios-')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}
