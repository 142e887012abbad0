// The text before `t` of the log and dispatch lines written last, by module: a module logs the
// same line and is dispatched on the same chain block after block, so that text is written once
// and the line is it plus its `t` and a few fixed-form members (decision 0240). Bounded per module
// and in modules, as the host calls' sites are (recent-host-calls.ts).

/** Heads kept per module; past that the oldest is replaced. */
const HEADS_PER_MODULE = 8
/** Modules kept; past that every module starts again. */
const MODULES_KEPT = 256

/** A name whose JSON text is itself between quotes and holds no `/` and no `,` (an outcome, a log target). */
export const PLAIN_NAME = /^[a-z0-9-]+$/

interface Kept<E> {
  entries: E[]
  next: number
}

function keep<E>(byModule: Map<string, Kept<E>>, module: string, entry: E): E {
  let kept = byModule.get(module)
  if (kept === undefined) {
    if (byModule.size >= MODULES_KEPT) byModule.clear()
    kept = { entries: [], next: 0 }
    byModule.set(module, kept)
  }
  if (kept.entries.length < HEADS_PER_MODULE) kept.entries.push(entry)
  else {
    kept.entries[kept.next] = entry
    kept.next = (kept.next + 1) % HEADS_PER_MODULE
  }
  return entry
}

/** A log line's text through `module`: `{"level":…,"message":…,"module":…`. */
export interface LogHead {
  readonly level: string
  readonly message: string
  readonly head: string
}

export class RecentLogHeads {
  readonly #byModule = new Map<string, Kept<LogHead>>()

  find(module: string, level: string, message: string): LogHead | undefined {
    const kept = this.#byModule.get(module)
    if (kept === undefined) return undefined
    for (const e of kept.entries) if (e.level === level && e.message === message) return e
    return undefined
  }

  add(module: string, level: string, message: string, head: string): LogHead {
    return keep(this.#byModule, module, { level, message, head })
  }
}

/** A dispatch line's text through `module`: `{"chainId":…,"event":…,"module":…`. */
export interface DispatchHead {
  readonly chainId: number
  readonly event: string
  readonly head: string
}

export class RecentDispatchHeads {
  readonly #byModule = new Map<string, Kept<DispatchHead>>()

  find(module: string, chainId: number, event: string): DispatchHead | undefined {
    const kept = this.#byModule.get(module)
    if (kept === undefined) return undefined
    for (const e of kept.entries) if (e.chainId === chainId && e.event === event) return e
    return undefined
  }

  add(module: string, chainId: number, event: string, head: string): DispatchHead {
    return keep(this.#byModule, module, { chainId, event, head })
  }
}
