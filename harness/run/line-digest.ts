// SHA-256 of text lines, each followed by a newline. The lines' UTF-8 bytes are written into one
// reused 64 KiB buffer and the hash is handed a full buffer at a time (decision 0250). A line the
// trace writer has as bytes already (a remembered head and a tail shared by a block's lines, see
// trace-line.ts) is copied in with no string flattened or encoded; any other line is encoded
// into the buffer by one `Buffer.write`. Before, the lines were joined into a pending string that
// the hash flattened and encoded (decision 0228): ~60 ms of a ~28 MB day, against ~23 ms for the
// SHA-256 itself.
import { createHash } from 'node:crypto'

const CHUNK = 64 * 1024
const NEWLINE = 0x0a

/** The most UTF-8 bytes a string of `length` UTF-16 units can take (3 per unit; a pair is 4 for 2). */
const utf8Bound = (length: number) => length * 3

export class LineDigest {
  readonly #hash = createHash('sha256')
  readonly #buffer = Buffer.allocUnsafe(CHUNK)
  #used = 0

  /** Adds `line` and a newline. */
  add(line: string): void {
    if (!this.#room(utf8Bound(line.length) + 1)) {
      // Longer than the buffer: hashed as it is (never split, so a surrogate pair stays whole).
      this.#hash.update(line, 'utf8')
      this.#buffer[this.#used++] = NEWLINE
      return
    }
    this.#used += this.#buffer.write(line, this.#used, 'utf8')
    this.#buffer[this.#used++] = NEWLINE
  }

  /**
   * Adds the line whose UTF-8 bytes are `head`'s followed by `tail`, and a newline. A string head
   * is encoded here; `tail` starts with an ASCII character, so no surrogate pair runs across the
   * join and the bytes are those of the joined text.
   */
  addParts(head: Uint8Array | string, tail: Uint8Array): void {
    const headBytes = typeof head === 'string' ? utf8Bound(head.length) : head.length
    if (!this.#room(headBytes + tail.length + 1)) {
      if (typeof head === 'string') this.#hash.update(head, 'utf8')
      else this.#hash.update(head)
      this.#hash.update(tail)
      this.#buffer[this.#used++] = NEWLINE
      return
    }
    const buffer = this.#buffer
    let used = this.#used
    if (typeof head === 'string') used += buffer.write(head, used, 'utf8')
    else {
      buffer.set(head, used)
      used += head.length
    }
    buffer.set(tail, used)
    used += tail.length
    buffer[used++] = NEWLINE
    this.#used = used
  }

  /** The hex digest of every line so far (more may be added after). */
  hex(): string {
    this.#flush()
    return this.#hash.copy().digest('hex')
  }

  /**
   * Whether `bytes` fit in the buffer, after hashing what it holds if they do not fit beside it.
   * False (the buffer then empty) for more than the whole buffer.
   */
  #room(bytes: number): boolean {
    if (bytes <= CHUNK - this.#used) return true
    this.#flush()
    return bytes <= CHUNK
  }

  #flush(): void {
    if (this.#used === 0) return
    this.#hash.update(this.#buffer.subarray(0, this.#used))
    this.#used = 0
  }
}
