// SHA-256 of text lines, each followed by a newline, fed to the hash in 64 KiB chunks: the lines
// are written as UTF-8 straight into one reused buffer, so there is no per-line hash call and no
// concatenated string to flatten and encode again (the trace hash of a day is ~37 MB of lines).
import { createHash } from 'node:crypto'

const CHUNK = 64 * 1024
const NEWLINE = 0x0a

export class LineDigest {
  readonly #hash = createHash('sha256')
  readonly #buffer = Buffer.allocUnsafe(CHUNK)
  #used = 0

  /** Adds `line` and a newline. */
  add(line: string): void {
    // At most 3 UTF-8 bytes per UTF-16 unit: a line that might not fit is written after a flush.
    const worst = line.length * 3 + 1
    if (this.#used + worst > CHUNK) {
      this.#flush()
      if (worst > CHUNK) {
        this.#hash.update(line)
        this.#hash.update('\n')
        return
      }
    }
    this.#used += this.#buffer.write(line, this.#used)
    this.#buffer[this.#used++] = NEWLINE
  }

  /** The hex digest of every line so far (more may be added after). */
  hex(): string {
    this.#flush()
    return this.#hash.copy().digest('hex')
  }

  #flush(): void {
    if (this.#used === 0) return
    this.#hash.update(this.#buffer.subarray(0, this.#used))
    this.#used = 0
  }
}
