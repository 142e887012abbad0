// The JSON text a module receives for a node's answer. Most answers are hex strings (a feed's
// 322-character word list every block): a string with nothing to escape is its text between two
// quotes, without `JSON.stringify`'s per-call set-up (~0.55 against ~0.2 µs for the day's
// answers, decision 0231). Anything else is `JSON.stringify`'s text, `null` for what it skips.

import { JSON_PLAIN } from '../observe/json-escaped-chars.js'

export function resultText(value: unknown): string {
  if (typeof value === 'string' && JSON_PLAIN.test(value)) return `"${value}"`
  return JSON.stringify(value) ?? 'null'
}
