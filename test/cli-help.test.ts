// Every command's --help as a real child process, and a reader that goes away (EPIPE).
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { commands } from '../harness/cli/commands.js'
import { BIN, ROOT, runCli } from './support/run-cli.js'

describe('nexum-sim <command> --help (child process)', { timeout: 90_000 }, () => {
  it.each(Object.keys(commands))('%s --help exits 0 with its usage on stdout', async (name) => {
    const r = await runCli([name, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^usage: nexum-sim ${name}\\b`))
    expect(r.stderr).toBe('')
  })

  it('run --help names --threads and its default (auto: a side lane for worker-isolated scenarios)', async () => {
    const r = await runCli(['run', '--help'])
    expect(r.stdout).toMatch(/--threads <n>\s+a fixture-only run's files spread over n threads/)
    expect(r.stdout).toContain('auto (the default; 1 with --workers)')
  })

  it('a reader that closes the pipe early (`run --help | head`) is not a crash: exit 0, nothing on stderr', async () => {
    const child = spawn(process.execPath, [BIN, 'run', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy() // the reader is gone before the command writes a byte
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const code = await new Promise<number | null>((done) => child.once('close', done))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })
})
