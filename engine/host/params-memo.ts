// The parsed params of a module's recent `chain.request` texts. A module sends the same few
// params texts block after block (the same `eth_call` to the same feed, the same balances), and
// parsing each again was ~3 % of a simulated day. The cached value is deep-frozen, so a
// transport can read it but no caller can change what the next request gets (decision 0229).

/** Texts longer than this are parsed every time: a long text is rarely sent twice. */
const MAX_TEXT = 1_024
/** Emptied when full, so a module that sends ever-new texts keeps it small. */
const MAX_ENTRIES = 64

export class ParamsMemo {
  readonly #parsed = new Map<string, unknown[]>()

  /** `parse(text)`'s array, frozen, from the memo when `text` was seen; a parse error is thrown as is. */
  get(text: string, parse: (text: string) => unknown[]): unknown[] {
    if (text.length > MAX_TEXT) return parse(text)
    let params = this.#parsed.get(text)
    if (params === undefined) {
      params = deepFreeze(parse(text))
      if (this.#parsed.size >= MAX_ENTRIES) this.#parsed.clear()
      this.#parsed.set(text, params)
    }
    return params
  }
}

/** JSON values only (what `JSON.parse` returns): arrays and plain objects, frozen all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member)
    Object.freeze(value)
  }
  return value
}
