// A trace line's parts as UTF-8 bytes, kept beside their text so the trace digest copies them
// instead of flattening and encoding the line (decision 0250). A day's host-call, dispatch and
// log lines are a remembered head (decision 0240) and a tail of `t`, numbers and plain names: a
// head's bytes are kept with it, and a kind's tail is the same for every such line of a block.

/** The text after a line's head and its bytes. */
export interface LineTail {
  readonly text: string
  readonly bytes: Uint8Array
}

/** `text`'s UTF-8 bytes. */
export function utf8Bytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8')
}

/**
 * The tail written last for one kind of line, rewritten when one of its parts changes. The parts
 * are texts the writer keeps for as long as their value does not change (`t`, a block number,
 * a name), so the check is most often an identity comparison. The bytes are written over in one
 * buffer kept by the kind (a typed array per block cost more than the copies it saved): a tail's
 * bytes hold until the next tail of its kind is written.
 */
export class LastTail {
  #a: string | undefined
  #b: string | undefined
  #c: string | undefined
  #tail: LineTail = { text: '', bytes: new Uint8Array(0) }
  #store = new Uint8Array(128)
  #view = this.#store.subarray(0, 0)

  constructor(private readonly write: (a: string, b: string, c: string) => string) {}

  of(a: string, b = '', c = ''): LineTail {
    if (a !== this.#a || b !== this.#b || c !== this.#c) {
      this.#a = a
      this.#b = b
      this.#c = c
      this.#tail = this.#encode(this.write(a, b, c))
    }
    return this.#tail
  }

  /** `text` and its bytes: one byte per character when all are ASCII (a tail's are), else UTF-8. */
  #encode(text: string): LineTail {
    const n = text.length
    if (n > this.#store.length) {
      this.#store = new Uint8Array(n * 2)
      this.#view = this.#store.subarray(0, 0)
    }
    const store = this.#store
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c > 0x7f) return { text, bytes: utf8Bytes(text) }
      store[i] = c
    }
    // A kind's tails are most often of one length: the view is made again only when it changes.
    if (this.#view.length !== n) this.#view = store.subarray(0, n)
    return { text, bytes: this.#view }
  }
}
