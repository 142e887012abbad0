// `nexum-sim` as a real child process, for end-to-end tests of the command line.
import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'bin', 'nexum-sim.mjs')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** `bin`: another copy's CLI (a scratch copy of the project), run the same way. */
export function runCli(
  args: string[],
  cwd: string = ROOT,
  env: Readonly<Record<string, string | undefined>> = process.env,
  bin: string = BIN,
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.once('error', fail)
    child.once('close', (code) => done({ code, stdout, stderr }))
  })
}
