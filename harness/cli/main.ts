// `nexum-sim <command> [args]`: dispatches to the command registry (commands.ts).
import { EXIT_USAGE, processIo, UsageError, type CliIo } from './cli-io.js'
import { formatError } from '../../engine/errors/base-error.js'
import { commands as registry, type CliCommand } from './commands.js'
import { doneLine } from './engine-done-line.js'

export async function main(
  argv: string[],
  io: CliIo = processIo,
  commands: Readonly<Record<string, CliCommand>> = registry,
): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h' || name === 'help') {
    for (const line of usage(commands)) io.out(line)
    return 0
  }
  if (name === undefined) {
    for (const line of usage(commands)) io.err(line)
    return EXIT_USAGE
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!command) {
    io.err(`nexum-sim: unknown command '${name}'`)
    for (const line of usage(commands)) io.err(line)
    return EXIT_USAGE
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`nexum-sim ${name}: ${error.message}`)
      io.err(`Run 'nexum-sim ${name} --help' for its options.`)
      command.afterUsageError?.(io)
      return EXIT_USAGE
    }
    // Not the user's mistake: say so, with the stack, for a bug report.
    io.err(`nexum-sim ${name}: internal error: ${formatError(error, { withStacks: true })}`)
    return 1
  }
}

/**
 * What to print when the process is about to end while the command has not finished (nothing
 * was left to wait on: a bug). The engine adds its `done reason=crashed code=1` line.
 */
export function unfinishedLines(argv: readonly string[]): string[] {
  const name = argv[0] ?? ''
  const lines = [`nexum-sim ${name}: internal error: the command stopped before it finished (nothing left to wait on)`]
  if (name === 'engine') lines.push(doneLine('crashed', 1))
  return lines
}

export function usage(commands: Readonly<Record<string, CliCommand>>): string[] {
  const names = Object.keys(commands).sort()
  const width = Math.max(0, ...names.map((n) => n.length))
  return [
    'usage: nexum-sim <command> [options]',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n]?.summary ?? ''}`),
    '',
    "Run 'nexum-sim <command> --help' for a command's options.",
  ]
}
