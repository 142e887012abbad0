// The text before `t` of the log and dispatch lines written last, by module: a module logs the
// same line and is dispatched on the same chain block after block, so that text is written once
// and the line is it plus its `t` and a few fixed-form members (decision 0240). Bounded per module
// and in modules by the same rings as the host calls' sites (collections/module-rings.ts).

import { ModuleRings } from '../collections/module-rings.js'
import { utf8Bytes } from './line-bytes.js'

/** Heads kept per module; past that the oldest is replaced. */
const HEADS_PER_MODULE = 8

/** A name whose JSON text is itself between quotes and holds no `/` and no `,` (an outcome, a log target). */
export const PLAIN_NAME = /^[a-z0-9-]+$/

/** A log line's text through `module`: `{"level":…,"message":…,"module":…`. */
export interface LogHead {
  readonly level: string
  readonly message: string
  readonly head: string
  /** `head`'s UTF-8 bytes (decision 0250). */
  readonly bytes: Uint8Array
}

export class RecentLogHeads {
  readonly #heads = new ModuleRings<LogHead>(HEADS_PER_MODULE)

  find(module: string, level: string, message: string): LogHead | undefined {
    for (const e of this.#heads.entries(module)) if (e.level === level && e.message === message) return e
    return undefined
  }

  add(module: string, level: string, message: string, head: string): LogHead {
    return this.#heads.add(module, { level, message, head, bytes: utf8Bytes(head) })
  }
}

/** A dispatch line's text through `module`: `{"chainId":…,"event":…,"module":…`. */
export interface DispatchHead {
  readonly chainId: number
  readonly event: string
  readonly head: string
  /** `head`'s UTF-8 bytes (decision 0250). */
  readonly bytes: Uint8Array
}

export class RecentDispatchHeads {
  readonly #heads = new ModuleRings<DispatchHead>(HEADS_PER_MODULE)

  find(module: string, chainId: number, event: string): DispatchHead | undefined {
    for (const e of this.#heads.entries(module)) if (e.chainId === chainId && e.event === event) return e
    return undefined
  }

  add(module: string, chainId: number, event: string, head: string): DispatchHead {
    return this.#heads.add(module, { chainId, event, head, bytes: utf8Bytes(head) })
  }
}
