// A fresh folder under the system temp dir for the running test, removed when the test finishes
// (passed or failed), so the suite leaves nothing behind in os.tmpdir().
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'

/**
 * A concurrent test passes its own context's `onTestFinished`: the imported one is bound to
 * whichever test vitest thinks is current, and would remove the folder when that one finishes.
 */
export function tempDir(prefix: string, onFinished: typeof onTestFinished = onTestFinished): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  onFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
