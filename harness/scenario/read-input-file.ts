// Reading a file the user named (a scenario, a cassette): its text, or the one problem line that
// says what was expected and what was there instead (`nothing (ENOENT)`, or its size when a cap
// is given and passed; the cap is checked before the text is read, so junk costs no memory).
import { readFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { ScenarioError } from './scenario-error.js'

export async function readInputFile(file: string, what: string, maxBytes?: number): Promise<string> {
  try {
    const stats = statSync(file)
    if (maxBytes !== undefined) {
      const size = stats.size
      if (size > maxBytes)
        throw new ScenarioError(
          file,
          '',
          `a ${what} of at most ${maxBytes / 1024 / 1024} MiB`,
          `${(size / 1024 / 1024).toFixed(1)} MiB`,
        )
    }
    // A regular file at once (no thread-pool trip); a FIFO or device the asynchronous way.
    return stats.isFile() ? readFileSync(file, 'utf8') : await readFile(file, 'utf8')
  } catch (e) {
    if (e instanceof ScenarioError) throw e
    throw new ScenarioError(
      file,
      '',
      `a readable ${what}`,
      `nothing (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    )
  }
}
