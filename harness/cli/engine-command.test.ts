import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CliIo } from './cli-io.js'
import { runEngineCommand, type SignalSource } from './engine-command-run.js'
import { parseEngineArgs } from './engine-command.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexum-cli-'))
  dirs.push(dir)
  return dir
}

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l) }
}

// Records what the command installs; the test never sends a real signal to the worker.
function signalRecorder(): SignalSource & { installed: Set<string> } {
  const installed = new Set<string>()
  return {
    installed,
    once: (signal) => void installed.add(signal),
    off: (signal) => void installed.delete(signal),
  }
}

describe('parseEngineArgs', () => {
  it('defaults to ./engine.toml', () => {
    expect(parseEngineArgs([])).toEqual({ help: false, configPath: 'engine.toml' })
  })
  it('reads --config PATH and --config=PATH', () => {
    expect(parseEngineArgs(['--config', 'a.toml']).configPath).toBe('a.toml')
    expect(parseEngineArgs(['--config=b.toml']).configPath).toBe('b.toml')
  })
  it('refuses a missing value and unknown arguments', () => {
    expect(() => parseEngineArgs(['--config'])).toThrow('--config needs a path')
    expect(() => parseEngineArgs(['--verbose'])).toThrow("unexpected argument '--verbose'")
  })
})

describe('runEngineCommand', () => {
  it('--help prints the usage on stdout', async () => {
    const io = capture()
    expect(await runEngineCommand(['--help'], io, { env: {}, cwd: '/', signals: signalRecorder() })).toBe(0)
    expect(io.stdout[0]).toBe('usage: nexum-sim engine [--config <engine.toml>]')
  })

  it('a usage error exits 2', async () => {
    const io = capture()
    expect(await runEngineCommand(['--bogus'], io, { env: {}, cwd: '/', signals: signalRecorder() })).toBe(2)
    expect(io.stderr[0]).toBe("nexum-sim engine: unexpected argument '--bogus'")
  })

  it('a missing default engine.toml (relative to cwd) is a config error: exit 1, file named, nothing installed', async () => {
    const dir = tempDir()
    const io = capture()
    const signals = signalRecorder()
    expect(await runEngineCommand([], io, { env: {}, cwd: dir, signals })).toBe(1)
    expect(io.stderr.join('\n')).toContain(join(dir, 'engine.toml'))
    expect(signals.installed.size).toBe(0)
  })

  it('a chain that cannot be dialled fails the boot with the seed wording, and removes its handlers', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'engine.toml'),
      `[engine]\nstate_dir = "state"\n[chains.11155111]\nrpc_url = "ws://127.0.0.1:1"\n`,
    )
    const io = capture()
    const signals = signalRecorder()
    expect(await runEngineCommand(['--config', 'engine.toml'], io, { env: {}, cwd: dir, signals })).toBe(1)
    expect(io.stderr.join('\n')).toMatch(/^Error: connect chain 11155111: .*ECONNREFUSED/m)
    expect(signals.installed.size).toBe(0)
  })
})
