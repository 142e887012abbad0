// YAML text → plain data, with the choices the scenario format needs (decision 0050):
// - integers are read as bigint, then narrowed to number when they are safe, so an unquoted
//   amount such as 1000000000000000000 keeps every digit;
// - `0x…` and `0o…` scalars stay strings (YAML 1.2 would read `0x69…306` as a huge integer and
//   lose the address); hex is always a string in a scenario.
import { parseDocument } from 'yaml'
import type { Tags } from 'yaml'
import { ScenarioError, throwIfAny } from './scenario-error.js'

const INT_TAG = 'tag:yaml.org,2002:int'

function withoutHexAndOctalIntegers(tags: Tags): Tags {
  return tags.filter((tag) => {
    if (typeof tag !== 'object' || tag.tag !== INT_TAG) return true
    return tag.format !== 'HEX' && tag.format !== 'OCT'
  })
}

/** Parses one YAML document; syntax errors become ScenarioErrors carrying line and column. */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, {
    intAsBigInt: true,
    customTags: withoutHexAndOctalIntegers,
    prettyErrors: true,
    uniqueKeys: true,
  })
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((err) => {
      const at = err.linePos?.[0]
      const keyPath = at === undefined ? 'YAML' : `line ${at.line}, column ${at.col}`
      const reason = (err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, '')
      return new ScenarioError(file, keyPath, 'valid YAML', `${reason} (${err.code})`)
    })
    throwIfAny(errors)
  }
  return narrowSafeIntegers(doc.toJS({ maxAliasCount: 1000 }))
}

/** bigint → number where no digit is lost; deeper values are rebuilt, never mutated in place. */
export function narrowSafeIntegers(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value)
    return Number.isSafeInteger(n) ? n : value
  }
  if (Array.isArray(value)) return value.map(narrowSafeIntegers)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    // defineProperty: a `__proto__` key in the file is data, not a prototype.
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: narrowSafeIntegers(v),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
  return value
}
