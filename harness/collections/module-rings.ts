// Entries kept per module, each module's in a ring of `perModule` (past that the oldest is
// replaced), the modules themselves emptied at `MODULES_KEPT` (a long process runs many
// scenarios): the one shape of the trace writer's per-module memos (decision 0240).

/** Modules kept; past that every module starts again. */
const MODULES_KEPT = 256

export class ModuleRings<E> {
  readonly #byModule = new Map<string, { entries: E[]; next: number }>()

  constructor(private readonly perModule: number) {}

  /** What `module` keeps, oldest replaced first; empty when nothing is kept. */
  entries(module: string): readonly E[] {
    return this.#byModule.get(module)?.entries ?? NONE
  }

  /** Keeps `entry` for `module`, replacing its oldest when its ring is full; returns `entry`. */
  add(module: string, entry: E): E {
    let kept = this.#byModule.get(module)
    if (kept === undefined) {
      if (this.#byModule.size >= MODULES_KEPT) this.#byModule.clear()
      kept = { entries: [], next: 0 }
      this.#byModule.set(module, kept)
    }
    if (kept.entries.length < this.perModule) kept.entries.push(entry)
    else {
      kept.entries[kept.next] = entry
      kept.next = (kept.next + 1) % this.perModule
    }
    return entry
  }
}

const NONE: readonly never[] = []
