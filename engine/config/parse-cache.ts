// A file's parsed and validated value, kept per path and exact text: the harness boots the same
// modules and policy hundreds of times in one process, and each boot re-read the same manifests
// (decision 0173). The text is always read again, so an edited file is parsed again; a file that
// fails to parse is never kept (its error is raised each time, as before).
export class ParseCache<T> {
  readonly #entries = new Map<string, { text: string; value: T }>()

  constructor(private readonly limit = 256) {}

  get(path: string, text: string, parse: () => T): T {
    const hit = this.#entries.get(path)
    if (hit && hit.text === text) return hit.value
    const value = parse()
    this.#entries.delete(path)
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value!)
    this.#entries.set(path, { text, value })
    return value
  }
}
