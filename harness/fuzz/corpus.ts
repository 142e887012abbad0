// The corpus: failing (seed, path) pairs, one JSON object a line, replayed before new cases on the
// next campaign (`--rerun` replays only them). A line that cannot be read is an error naming it.
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { BaseError } from '../../engine/errors/base-error.js'

export interface CorpusEntry {
  seed: number
  path: string
  /** The regression scenario written for it. */
  file?: string | undefined
}

export class CorpusError extends BaseError {
  override name = 'CorpusError'
}

export async function readCorpus(file: string): Promise<CorpusEntry[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
  const entries: CorpusEntry[] = []
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new CorpusError(
        `${file}:${i + 1}: expected a JSON object { seed, path }, found ${JSON.stringify(line.slice(0, 80))}`,
      )
    }
    const v = value as Partial<CorpusEntry> | null
    if (
      v === null ||
      typeof v !== 'object' ||
      !Number.isSafeInteger(v.seed) ||
      typeof v.path !== 'string' ||
      !/^\d+(:\d+)*$/.test(v.path)
    )
      throw new CorpusError(
        `${file}:${i + 1}: expected { "seed": <integer>, "path": "<n:n:…>" }, found ${JSON.stringify(line.slice(0, 80))}`,
      )
    entries.push({ seed: v.seed as number, path: v.path, file: typeof v.file === 'string' ? v.file : undefined })
  }
  return entries
}

/** Adds an entry unless the same (seed, path) is already there. */
export async function addToCorpus(file: string, entry: CorpusEntry): Promise<void> {
  const known = await readCorpus(file)
  if (known.some((e) => e.seed === entry.seed && e.path === entry.path)) return
  await mkdir(dirname(file), { recursive: true })
  await appendFile(file, `${JSON.stringify(entry)}\n`)
}
