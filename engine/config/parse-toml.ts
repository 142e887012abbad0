// TOML text to a plain table, with the traps closed: huge integers become bigint instead of
// losing precision, `__proto__`-style keys are refused, and a syntax error becomes a
// ConfigSyntaxError naming file, line and column.
import { parse, TomlError, type TomlTable } from 'smol-toml'
import { ConfigSyntaxError } from './config-error.js'

export function parseTomlDocument(text: string, file: string): TomlTable {
  try {
    return parse(text, { integersAsBigInt: 'asNeeded', unsafeKeyBehaviour: 'throw' })
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    throw new ConfigSyntaxError({
      file,
      line: error.line,
      column: error.column,
      expected: 'valid TOML',
      found: `a syntax error (${syntaxDetail(error.message)})`,
      cause: error,
    })
  }
}

// smol-toml's message is `Invalid TOML document: <detail>` followed by a code excerpt.
function syntaxDetail(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message
  return firstLine.replace(/^Invalid TOML document:\s*/, '')
}
