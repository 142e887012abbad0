// The host calls a trace line was last written for, by call site: a module makes the same calls
// block after block (a feed read, two balances, two store reads and writes), so a host-call line's
// text up to its `t` is written once per call site and result, not once per call (decision 0240).
// A call site is the module, host, method, outcome and arguments; its last result and the text
// it gave are kept beside it. Only arguments of plain scalars are kept: anything else is written
// by hand every time.
import { ModuleRings } from '../collections/module-rings.js'

/** An argument a call site is told apart by: compared with `===`, written as its JSON text. */
export type PlainArg = string | number | boolean | null

export interface CallSite {
  readonly host: string
  readonly method: string
  readonly ok: boolean
  readonly args: readonly PlainArg[]
  /** The line's text from `{"args":[` through the `ok` member. */
  readonly stem: string
  /** The result the head was written for (`undefined`: no result member). */
  result: string | null | undefined
  /** `stem` and the result member: the line's text before `,"t":`. Undefined until first written. */
  head: string | undefined
  /** `head`'s UTF-8 bytes, once it has been written twice (decision 0250). */
  bytes: Uint8Array | undefined
}

/** Call sites kept per module; past that the oldest is replaced (a module whose calls vary). */
const SITES_PER_MODULE = 32

/** Arguments a call site can be kept for: finite numbers, strings, booleans and null only. */
export function plainArgs(args: readonly unknown[]): args is readonly PlainArg[] {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) continue
    if (typeof v === 'number' && Number.isFinite(v)) continue
    return false
  }
  return true
}

const sameArgs = (a: readonly PlainArg[], b: readonly PlainArg[]): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export class RecentHostCalls {
  readonly #sites = new ModuleRings<CallSite>(SITES_PER_MODULE)

  /** The call site of these members, if it is kept. Arguments `===` write the same text (0 and −0 are both `0`). */
  find(module: string, host: string, method: string, ok: boolean, args: readonly PlainArg[]): CallSite | undefined {
    const sites = this.#sites.entries(module)
    for (let i = 0; i < sites.length; i++) {
      const s = sites[i]!
      if (s.method === method && s.host === host && s.ok === ok && sameArgs(s.args, args)) return s
    }
    return undefined
  }

  /** Keeps a new call site of `module` (its arguments copied), replacing the oldest when the module has too many. */
  add(module: string, host: string, method: string, ok: boolean, args: readonly PlainArg[], stem: string): CallSite {
    return this.#sites.add(module, {
      host,
      method,
      ok,
      args: args.slice(),
      stem,
      result: undefined,
      head: undefined,
      bytes: undefined,
    })
  }
}
