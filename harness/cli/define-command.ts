// One command-line parser for every `nexum-sim` command (decision 0033): each command declares
// one option table; `node:util` parseArgs reads the arguments, the table generates `--help`,
// and every command answers `--help` / `-h` with exit 0. A command's own run receives typed
// values, never the raw argv.
import { parseArgs } from 'node:util'
import { UsageError, type CliIo } from './cli-io.js'
import type { CliCommand } from './commands.js'

export interface StringOption {
  type: 'string'
  /** The value's placeholder in `--help`: `--out <dir>`. */
  valueName: string
  description: string
  short?: string
  /** When given, any other value is a usage error naming the choices. */
  choices?: readonly string[]
  /** Accept the option several times; the values arrive as an array. */
  multiple?: boolean
}

export interface BooleanOption {
  type: 'boolean'
  description: string
  short?: string
}

export type OptionSpec = StringOption | BooleanOption
export type OptionTable = Record<string, OptionSpec>

/** What a command's run receives for its table: strings (or string arrays), booleans. */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T]: T[K] extends BooleanOption ? boolean : T[K] extends { multiple: true } ? string[] : string | undefined
}

export interface ParsedCommandLine<T extends OptionTable> {
  options: OptionValues<T>
  positionals: string[]
}

export interface CommandSpec<T extends OptionTable> {
  name: string
  /** One line, shown by `nexum-sim --help`. */
  summary: string
  /** The positionals' synopsis, e.g. `[PATH ...]`; absent when the command takes none. */
  positionals?: string
  /** Paragraph lines printed under the synopsis. */
  description: readonly string[]
  options: T
  /** Lines for the "exit status" section of `--help`. */
  exitStatus: readonly string[]
  run(args: ParsedCommandLine<T>, io: CliIo): Promise<number>
  /** Called after a usage error was printed (the engine logs its `done` line there). */
  afterUsageError?(io: CliIo): void
}

export interface DefinedCommand<T extends OptionTable> extends CliCommand {
  spec: CommandSpec<T>
  /** The generated `--help` text, one line per element. */
  help(): string[]
  /** Parses argv against the table; a mistake throws UsageError. */
  parse(argv: readonly string[]): ParsedCommandLine<T> & { help: boolean }
}

const HELP: BooleanOption = { type: 'boolean', short: 'h', description: 'print this help and exit 0' }

export function defineCommand<T extends OptionTable>(spec: CommandSpec<T>): DefinedCommand<T> {
  const table = { ...spec.options, help: HELP }
  const parse = (argv: readonly string[]) => parseCommandLine(spec, table, argv)
  const help = () => helpText(spec, table)
  return {
    spec,
    summary: spec.summary,
    help,
    parse,
    ...(spec.afterUsageError ? { afterUsageError: spec.afterUsageError } : {}),
    async run(argv, io) {
      const parsed = parse(argv)
      if (parsed.help) {
        for (const line of help()) io.out(line)
        return 0
      }
      return spec.run({ options: parsed.options, positionals: parsed.positionals }, io)
    },
  }
}

function parseCommandLine<T extends OptionTable>(
  spec: CommandSpec<T>,
  table: OptionTable,
  argv: readonly string[],
): ParsedCommandLine<T> & { help: boolean } {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(table).map(([name, o]) => [
          name,
          {
            type: o.type,
            ...(o.short ? { short: o.short } : {}),
            ...(o.type === 'string' && o.multiple ? { multiple: true } : {}),
          },
        ]),
      ),
      allowPositionals: spec.positionals !== undefined,
      strict: true,
    })
  } catch (error) {
    throw new UsageError(usageMessage(error, table))
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>
  const options: Record<string, string | boolean | string[] | undefined> = {}
  for (const [name, o] of Object.entries(spec.options)) {
    const value = values[name]
    if (o.type === 'boolean') {
      options[name] = value === true
      continue
    }
    const list = value === undefined ? [] : Array.isArray(value) ? value : [String(value)]
    for (const v of list) {
      if (v === '') throw new UsageError(`--${name} needs a value (${o.valueName})`)
      if (o.choices && !o.choices.includes(v))
        throw new UsageError(`--${name}: expected ${listChoices(o.choices)}, found ${v}`)
    }
    options[name] = o.multiple ? list : (list.at(-1) ?? undefined)
  }
  return { options: options as OptionValues<T>, positionals: parsed.positionals, help: values.help === true }
}

// parseArgs' messages are written for programmers ("To specify a positional argument starting
// with a '-', place it at the end…"): say what was wrong in the command's own terms.
function usageMessage(error: unknown, table: OptionTable): string {
  const code = (error as { code?: string }).code
  const message = error instanceof Error ? error.message : String(error)
  const known = Object.keys(table)
    .map((n) => `--${n}`)
    .join(', ')
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message
    return `unknown option '${option}' (options: ${known})`
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']+)'/.exec(message)?.[1] ?? message
    return `unexpected argument '${arg}' (this command takes options only: ${known})`
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--([a-z-]+)/.exec(message)?.[1]
    const spec = name ? table[name] : undefined
    if (spec?.type === 'string') return `--${name} needs a value (${spec.valueName})`
    if (spec?.type === 'boolean') return `--${name} takes no value`
  }
  return message
}

function listChoices(choices: readonly string[]): string {
  return choices.length <= 1 ? (choices[0] ?? '') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`
}

function helpText(spec: CommandSpec<OptionTable>, table: OptionTable): string[] {
  const flag = (name: string, o: OptionSpec) =>
    `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.valueName}>` : ''}`
  const rows = Object.entries(table).map(([name, o]) => {
    const extra = o.type === 'string' && o.choices ? ` (${o.choices.join(' | ')})` : ''
    const repeat = o.type === 'string' && o.multiple ? ' (repeatable)' : ''
    return [flag(name, o), `${o.description}${extra}${repeat}`] as const
  })
  const width = Math.max(...rows.map(([f]) => f.length))
  const synopsis = [`usage: nexum-sim ${spec.name}`, spec.positionals, '[options]'].filter(Boolean).join(' ')
  return [
    synopsis,
    '',
    ...spec.description,
    '',
    'options:',
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`),
    '',
    'exit status:',
    ...spec.exitStatus.map((l) => `  ${l}`),
  ]
}
