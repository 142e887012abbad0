// The `nexum-sim` commands. To add one: write `harness/cli/<name>-command.ts` exporting a
// CliCommand, and add one line below. Keep that file light and `await import()` the heavy part
// inside `run` (see engine-command.ts): every command's imports load on every invocation.
import type { CliIo } from './cli-io.js'
import { benchCommand } from './bench-command.js'
import { diffCommand } from './diff-command.js'
import { engineCommand } from './engine-command.js'
import { fuzzCommand } from './fuzz-command.js'
import { recordCommand } from './record-command.js'
import { reproCommand } from './repro-command.js'
import { runCommand } from './run-command.js'
import { serveCommand } from './serve-command.js'

export interface CliCommand {
  /** One line, shown by `nexum-sim --help`. */
  summary: string
  /** Receives the arguments after the command name; resolves with the process exit status. */
  run(argv: string[], io: CliIo): Promise<number>
  /** Called after main printed a usage error the command threw. */
  afterUsageError?(io: CliIo): void
}

export const commands: Readonly<Record<string, CliCommand>> = {
  bench: benchCommand,
  diff: diffCommand,
  engine: engineCommand,
  fuzz: fuzzCommand,
  record: recordCommand,
  repro: reproCommand,
  run: runCommand,
  serve: serveCommand,
}
