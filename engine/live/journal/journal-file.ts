// The journal on disk: `<state_dir>/journal.jsonl`, append-only, one line per write(2) of a whole
// line. Rotated by size: when the next line would pass `maxBytes`, journal.jsonl becomes
// journal.1.jsonl (journal.1 → journal.2, …; the oldest beyond `keep` is deleted). A crash can only
// leave the last line torn (no newline): on open it is terminated with a newline, so the next line
// starts clean and the torn one stays a single invalid line that readers skip.
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export const JOURNAL_FILE = 'journal.jsonl'
/** Default size of one journal file before it rotates. */
export const JOURNAL_MAX_BYTES = 16 * 1024 * 1024
/** Rotated files kept beside the current one (journal.1.jsonl … journal.3.jsonl). */
export const JOURNAL_KEEP = 3

export interface JournalFileOptions {
  maxBytes?: number | undefined
  keep?: number | undefined
}

export function rotatedJournalName(index: number): string {
  return index === 0 ? JOURNAL_FILE : `journal.${index}.jsonl`
}

export class JournalFile {
  private fd: number
  private size: number
  private readonly maxBytes: number
  private readonly keep: number

  private constructor(
    private readonly dir: string,
    options: JournalFileOptions,
  ) {
    this.maxBytes = options.maxBytes ?? JOURNAL_MAX_BYTES
    this.keep = options.keep ?? JOURNAL_KEEP
    this.fd = openSync(this.path, 'a')
    this.size = fstatSync(this.fd).size
    this.terminateTornTail()
  }

  static open(dir: string, options: JournalFileOptions = {}): JournalFile {
    return new JournalFile(dir, options)
  }

  get path(): string {
    return join(this.dir, JOURNAL_FILE)
  }

  /** Appends one line (no newline inside; it is added). */
  append(line: string): void {
    const bytes = Buffer.from(`${line}\n`, 'utf8')
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate()
    writeAll(this.fd, bytes)
    this.size += bytes.length
  }

  close(): void {
    if (this.fd < 0) return
    closeSync(this.fd)
    this.fd = -1
  }

  private terminateTornTail(): void {
    if (this.size === 0) return
    const last = Buffer.alloc(1)
    const reader = openSync(this.path, 'r')
    try {
      readSync(reader, last, 0, 1, this.size - 1)
    } finally {
      closeSync(reader)
    }
    if (last[0] !== 0x0a) {
      writeAll(this.fd, Buffer.from('\n'))
      this.size += 1
    }
  }

  private rotate(): void {
    closeSync(this.fd)
    const oldest = join(this.dir, rotatedJournalName(this.keep))
    if (existsSync(oldest)) rmSync(oldest)
    for (let i = this.keep - 1; i >= 0; i--) {
      const from = join(this.dir, rotatedJournalName(i))
      if (existsSync(from)) renameSync(from, join(this.dir, rotatedJournalName(i + 1)))
    }
    if (this.keep === 0) rmSync(this.path, { force: true })
    this.fd = openSync(this.path, 'a')
    this.size = 0
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let written = 0
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
}
