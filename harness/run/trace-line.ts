// One trace line: the canonical JSON text of `{ t, ...event }` and the value it was written from.
// The text must be byte for byte what `canonicalJson` writes (the trace hash is a contract), but
// the four kinds that make ~all of a day's lines (host-call, dispatch, log, block) are written by
// hand with their keys in sorted order: no sorted copy, no generic walk, `JSON.stringify` only
// for a string that needs escaping or a nested value (decision 0210); any other event of scalars
// only is written by one loop over its sorted keys (decision 0224). Anything else, or an event of
// those kinds with a key, a value type or a prototype they do not expect, takes the generic path.
import { canonicalTree } from './canonical-json.js'
import { remembered } from '../collections/remembered.js'
import { type PlainArg, RecentHostCalls, plainArgs } from './recent-host-calls.js'
import { PLAIN_NAME, RecentDispatchHeads, RecentLogHeads } from './recent-line-heads.js'
import { JSON_ESCAPED_CHARS } from '../../engine/observe/json-escaped-chars.js'
import { LastTail, type LineTail, utf8Bytes } from './line-bytes.js'

export interface TraceLine {
  /** The canonical JSON text (no newline). */
  text: string
  /** What `JSON.parse(text)` gives back (keys in another order; a member may be undefined). */
  tree: Readonly<Record<string, unknown>>
  /**
   * Set for a line written from a remembered head (decision 0240): a host call's, a dispatch's or
   * a log line's text before its `t` or `number`. `text` is this head followed by members whose
   * text starts with `,` and holds no `/` (numbers, `t`, and names of `[a-z0-9-]`), so a reader
   * that looks for a URL or a path in the line may look in the head, the same string object line
   * after line.
   */
  head?: string | undefined
  /**
   * Set with `head` (decision 0250): `text` is `head` followed by `tail.text`, and its UTF-8 bytes
   * are `headBytes` (when kept; else `head`'s) followed by `tail.bytes`. The tail's bytes are
   * written over by the next line of the same kind: copy them before writing another line.
   */
  tail?: LineTail | undefined
  headBytes?: Uint8Array | undefined
  /**
   * Set for a dispatch written from its head: its decision-trace line (decision-trace.ts) is
   * `head` followed by `decisionTail.text`, its bytes as `tail`'s are.
   */
  decisionTail?: LineTail | undefined
}

/** The line of `event` stamped at virtual time `t`. */
export function traceLine(t: number, event: Record<string, unknown>): TraceLine {
  if (Object.getPrototypeOf(event) === Object.prototype && typeof t === 'number' && Number.isFinite(t)) {
    switch (event.type) {
      case 'host-call':
        if (hasOnly(event, HOST_CALL_KEYS)) return hostCallLine(t, event)
        break
      case 'dispatch':
        if (hasOnly(event, DISPATCH_KEYS)) return dispatchLine(t, event)
        break
      case 'log':
        if (hasOnly(event, LOG_KEYS)) return logLine(t, event)
        break
      case 'block':
        if (hasOnly(event, BLOCK_KEYS)) return blockLine(t, event)
        break
    }
    // Every other kind the engine and the player write (`step`, `stream-open`, `module-init`,
    // `boot`, `exit`, `orderbook`, ...) holds scalars only (decision 0224).
    const flat = flatLine(t, event)
    if (flat !== undefined) return flat
  }
  return genericLine(t, event)
}

/**
 * An event whose members are all strings, finite numbers, booleans, null or undefined, without a
 * `t` of its own: its keys sorted as `canonicalTree` sorts them, written by hand. Undefined
 * for anything else (the generic writer takes it).
 */
function flatLine(t: number, event: Record<string, unknown>): TraceLine | undefined {
  const keys = Object.keys(event)
  keys.push('t')
  keys.sort()
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    // Its own `t`; `__proto__`, which the generic writer's copy drops (an assignment, not a
    // member); a key that starts with a digit, which may be an array index: an object lists
    // those first, whatever the order they were added in.
    if (
      (key === 't' && keys[i + 1] === 't') ||
      key === '__proto__' ||
      (key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57)
    )
      return undefined
  }
  const tree: Record<string, unknown> = {}
  let body = ''
  for (const key of keys) {
    const v = key === 't' ? t : event[key]
    if (v === undefined) continue
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string' && typeof v !== 'boolean' && v !== null)
      return undefined
    tree[key] = v
    body += `,${json(key)}:${json(v)}`
  }
  return { text: `{${body.slice(1)}}`, tree }
}

/** The reference writer: a sorted copy, then `JSON.stringify`. */
export function genericLine(t: number, event: Record<string, unknown>): TraceLine {
  const tree = canonicalTree({ t, ...event }) as Record<string, unknown>
  return { text: JSON.stringify(tree), tree }
}

const HOST_CALL_KEYS = new Set(['type', 'module', 'host', 'method', 'args', 'ok', 'result', 'error'])
const DISPATCH_KEYS = new Set(['type', 'module', 'event', 'chainId', 'number', 'outcome', 'error'])
const LOG_KEYS = new Set(['type', 'level', 'target', 'module', 'message', 'fields'])
const BLOCK_KEYS = new Set(['type', 'chainId', 'number', 'hash', 'timestamp'])

/** Every enumerable key (own or inherited) is one the writer knows: an unknown one must be sorted in. */
function hasOnly(event: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in event) if (!keys.has(key)) return false
  return true
}

/** The canonical value of a member (undefined: the member is left out, as `canonicalTree` does). */
export function member(v: unknown): unknown {
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (v === undefined || typeof v === 'function') return undefined
  return canonicalTree(v)
}

/** The canonical value of an array element (undefined becomes null, a function its text). */
function element(v: unknown): unknown {
  if (v === undefined) return null
  return typeof v === 'function' ? canonicalTree(v) : member(v)
}

/** A string JSON.stringify would escape: a quote, a backslash, a control character, a surrogate. */
const NEEDS_ESCAPE = new RegExp(`[${JSON_ESCAPED_CHARS}]`)

/** A string that is itself the JSON text of a plain string (a hex result): only its two quotes need escaping. */
const QUOTED_PLAIN = new RegExp(`^"[^${JSON_ESCAPED_CHARS}]*"$`)

/**
 * Escaped texts of the last strings that needed `JSON.stringify`: a host call's params are the
 * same few JSON texts block after block. Emptied when full, so it stays small.
 */
const escapedTexts = new Map<string, string>()
const ESCAPED_TEXTS_MAX = 256

/** The JSON text of a string that needs escaping. */
function escapedString(s: string): string {
  if (QUOTED_PLAIN.test(s)) return `"\\"${s.slice(1, -1)}\\""`
  return remembered(escapedTexts, ESCAPED_TEXTS_MAX, s, JSON.stringify)
}

/** The JSON text of a string. */
const stringText = (s: string): string => (NEEDS_ESCAPE.test(s) ? escapedString(s) : `"${s}"`)

/**
 * JSON texts of short strings seen before: a line's module, host, method, level, event and
 * outcome are the same few names all day, and a lookup costs less than the escape check and the
 * quoted copy (decision 0231). Emptied when full, so names that never come back do not pile up.
 */
const shortTexts = new Map<string, string>()
const SHORT = 32
const SHORT_TEXTS_MAX = 256

/** The JSON text of a canonical value. */
function json(v: unknown): string {
  if (typeof v === 'string') {
    return v.length > SHORT ? stringText(v) : remembered(shortTexts, SHORT_TEXTS_MAX, v, stringText)
  }
  if (typeof v === 'number') return counts.text(v)
  if (typeof v === 'boolean' || v === null) return String(v)
  return JSON.stringify(v)
}

/** `,"key":<json>` when the canonical value is present, else nothing. */
export function opt(key: string, v: unknown): string {
  return v === undefined ? '' : `,"${key}":${json(v)}`
}

/**
 * The line from its first member (`key`, canonical value `v`) and the `,"k":v` items after it, in
 * key order, closing brace included. When the first member is absent the rest's comma is cut off;
 * when it is present (the common case) nothing is cut, so the text is not copied before it is hashed.
 */
const line = (key: string, v: unknown, rest: string, tree: Record<string, unknown>): TraceLine => ({
  text: v === undefined ? `{${rest.slice(1)}` : `{"${key}":${json(v)}${rest}`,
  tree,
})

/** The host calls written before, by call site (decision 0240). */
const recentCalls = new RecentHostCalls()

/** `{"args":[…]` for plain arguments (each is its own canonical value). */
function plainArgsText(args: readonly PlainArg[]): string {
  let text = '{"args":['
  for (let i = 0; i < args.length; i++) text += i === 0 ? json(args[i]) : `,${json(args[i])}`
  return `${text}]`
}

function hostCallLine(t: number, e: Record<string, unknown>): TraceLine {
  const raw = e.args
  const { module, host, method, ok, result } = e
  // The common call: no error, plain arguments, a text (or no, or a null) result. Its text up to
  // `t` is its call site's, rewritten only when the result changes.
  if (
    e.error === undefined &&
    typeof module === 'string' &&
    typeof host === 'string' &&
    typeof method === 'string' &&
    typeof ok === 'boolean' &&
    (result === undefined || result === null || typeof result === 'string') &&
    Array.isArray(raw) &&
    plainArgs(raw)
  ) {
    const site =
      recentCalls.find(module, host, method, ok, raw) ??
      recentCalls.add(
        module,
        host,
        method,
        ok,
        raw,
        `${plainArgsText(raw)}${opt('host', host)}${opt('method', method)}${opt('module', module)}${opt('ok', ok)}`,
      )
    let head = site.head
    if (head === undefined || site.result !== result) {
      head = `${site.stem}${opt('result', result)}`
      site.head = head
      site.result = result
      site.bytes = undefined
    } else if (site.bytes === undefined) {
      // Written a second time: its bytes are kept. A result that changes every call (a price
      // feed's) is encoded once, by the digest, as its line is.
      site.bytes = utf8Bytes(head)
    }
    const tree = { args: raw.slice(), error: undefined, host, method, module, ok, result, t, type: 'host-call' }
    const tail = hostCallTails.of(times.text(t))
    return { text: `${head}${tail.text}`, tree, head, tail, headBytes: site.bytes }
  }
  let args: unknown
  let argsText = ''
  if (Array.isArray(raw)) {
    // An array's text is written here, opening brace included; any other args value by `line`.
    const copy = new Array<unknown>(raw.length)
    argsText = '{"args":['
    for (let i = 0; i < raw.length; i++) {
      const v = element(raw[i])
      copy[i] = v
      argsText += i === 0 ? json(v) : `,${json(v)}`
    }
    argsText += ']'
    args = copy
  } else args = member(raw)
  const tree = {
    args,
    error: member(e.error),
    host: member(e.host),
    method: member(e.method),
    module: member(e.module),
    ok: member(e.ok),
    result: member(e.result),
    t,
    type: 'host-call',
  }
  const rest = `${opt('error', tree.error)}${opt('host', tree.host)}${opt('method', tree.method)}${opt('module', tree.module)}${opt('ok', tree.ok)}${opt('result', tree.result)},"t":${times.text(t)},"type":"host-call"}`
  return Array.isArray(raw) ? { text: argsText + rest, tree } : line('args', args, rest, tree)
}

/** Dispatch and log lines written before, by module (decision 0240). */
const recentDispatches = new RecentDispatchHeads()
const recentLogs = new RecentLogHeads()

/** Each kind's text after its head, kept while its `t` and other parts do not change (decision 0250). */
const hostCallTails = new LastTail((t) => `,"t":${t},"type":"host-call"}`)
const dispatchTails = new LastTail(
  (number, outcome, t) => `,"number":${number},"outcome":"${outcome}","t":${t},"type":"dispatch"}`,
)
const logTails = new LastTail((t, target) => `,"t":${t},"target":"${target}","type":"log"}`)
/** A dispatch's decision line after the same head: no `t` (decision-trace.ts). */
const decisionTails = new LastTail((number, outcome) => `,"number":${number},"outcome":"${outcome}","type":"dispatch"}`)

function dispatchLine(t: number, e: Record<string, unknown>): TraceLine {
  const { chainId, event, module, number, outcome } = e
  // The common dispatch: no error, a finite chain and number, an outcome of the engine's names.
  // Its text through `module` is the module's, chain's and event's; the rest holds no `/`.
  if (
    e.error === undefined &&
    typeof chainId === 'number' &&
    Number.isFinite(chainId) &&
    typeof event === 'string' &&
    typeof module === 'string' &&
    typeof number === 'number' &&
    Number.isFinite(number) &&
    typeof outcome === 'string' &&
    PLAIN_NAME.test(outcome)
  ) {
    const { head, bytes } =
      recentDispatches.find(module, chainId, event) ??
      recentDispatches.add(
        module,
        chainId,
        event,
        `{"chainId":${json(chainId)}${opt('event', event)}${opt('module', module)}`,
      )
    const tree = { chainId, error: undefined, event, module, number, outcome, t, type: 'dispatch' }
    const numberText = counts.text(number)
    const tail = dispatchTails.of(numberText, outcome, times.text(t))
    const decisionTail = decisionTails.of(numberText, outcome)
    return { text: `${head}${tail.text}`, tree, head, tail, headBytes: bytes, decisionTail }
  }
  const tree = {
    chainId: member(e.chainId),
    error: member(e.error),
    event: member(e.event),
    module: member(e.module),
    number: member(e.number),
    outcome: member(e.outcome),
    t,
    type: 'dispatch',
  }
  return line(
    'chainId',
    tree.chainId,
    `${opt('error', tree.error)}${opt('event', tree.event)}${opt('module', tree.module)}${opt('number', tree.number)}${opt('outcome', tree.outcome)},"t":${times.text(t)},"type":"dispatch"}`,
    tree,
  )
}

function logLine(t: number, e: Record<string, unknown>): TraceLine {
  const { level, message, module, target } = e
  // A module's line without fields: its text through `module` is the module's, level's and
  // message's; the rest (`t`, a target of the engine's names) holds no `/`.
  if (
    e.fields === undefined &&
    typeof level === 'string' &&
    typeof message === 'string' &&
    typeof module === 'string' &&
    typeof target === 'string' &&
    PLAIN_NAME.test(target)
  ) {
    const { head, bytes } =
      recentLogs.find(module, level, message) ??
      recentLogs.add(
        module,
        level,
        message,
        `{"level":${json(level)}${opt('message', message)}${opt('module', module)}`,
      )
    const tree = { fields: undefined, level, message, module, t, target, type: 'log' }
    const tail = logTails.of(times.text(t), target)
    return { text: `${head}${tail.text}`, tree, head, tail, headBytes: bytes }
  }
  const tree = {
    fields: member(e.fields),
    level: member(e.level),
    message: member(e.message),
    module: member(e.module),
    t,
    target: member(e.target),
    type: 'log',
  }
  return line(
    'fields',
    tree.fields,
    `${opt('level', tree.level)}${opt('message', tree.message)}${opt('module', tree.module)},"t":${times.text(t)}${opt('target', tree.target)},"type":"log"}`,
    tree,
  )
}

function blockLine(t: number, e: Record<string, unknown>): TraceLine {
  const tree = {
    chainId: member(e.chainId),
    hash: member(e.hash),
    number: member(e.number),
    t,
    timestamp: member(e.timestamp),
    type: 'block',
  }
  return line(
    'chainId',
    tree.chainId,
    `${opt('hash', tree.hash)}${optCount('number', tree.number)},"t":${times.text(t)}${optCount('timestamp', tree.timestamp)},"type":"block"}`,
    tree,
  )
}

/**
 * A whole number's text without V8's number-to-string cache (`String`, a template): the cache
 * allocates its strings in the old generation, where they stay until a full GC, so every block's
 * new number and time written in a line grew the old generation of a long run (decisions 0216,
 * 0246). The same bytes as `String(v)` for every safe integer (−0 included); anything else goes
 * through `String`.
 */
function countText(v: number): string {
  return Number.isSafeInteger(v) ? v.toFixed(0) : String(v)
}

/**
 * `countText` of the number written last: a block's lines repeat their `t` and block number, and
 * `toFixed` costs ~7× a cache hit of `String`, so each is written once per change.
 */
class LastCount {
  #value = Number.NaN
  #text = 'NaN'
  text(v: number): string {
    // ±0 compare equal and are both "0"; NaN never does and is written again.
    if (v !== this.#value) {
      this.#value = v
      this.#text = countText(v)
    }
    return this.#text
  }
}
const times = new LastCount()
const counts = new LastCount()

function optCount(key: string, v: unknown): string {
  return typeof v === 'number' ? `,"${key}":${countText(v)}` : opt(key, v)
}
