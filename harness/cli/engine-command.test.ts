import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CliIo } from './cli-io.js'
import { runEngineCommand, type SignalSource } from './engine-command-run.js'
import { engineCommand } from './engine-command.js'
import { main, unfinishedLines } from './main.js'
import { openSqliteStore } from '../../engine/store/sqlite-store.js'

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

// Records what the command installs; the test sends its signals through it, never to the worker.
function signalRecorder(): SignalSource & { installed: Map<string, () => void>; send(signal: string): void } {
  const installed = new Map<string, () => void>()
  return {
    installed,
    on: (signal, listener) => void installed.set(signal, listener),
    off: (signal) => void installed.delete(signal),
    send: (signal) => installed.get(signal)?.(),
  }
}

const noExit = () => {
  throw new Error('exitNow called')
}

describe('the engine command line', () => {
  it('defaults to ./engine.toml and reads --config PATH and --config=PATH', () => {
    expect(engineCommand.parse([]).options.config).toBeUndefined()
    expect(engineCommand.parse(['--config', 'a.toml']).options.config).toBe('a.toml')
    expect(engineCommand.parse(['--config=b.toml']).options.config).toBe('b.toml')
  })

  it('a usage error exits 2 through main and still logs the done line', async () => {
    const io = capture()
    expect(await main(['engine', '--bogus'], io)).toBe(2)
    expect(io.stderr[0]).toBe("nexum-sim engine: unknown option '--bogus' (options: --config, --help)")
    expect(io.stderr.at(-1)).toMatch(/ INFO nexum_engine: done reason=usage code=2$/)
  })

  it('--help prints the usage on stdout and exits 0', async () => {
    const io = capture()
    expect(await main(['engine', '--help'], io)).toBe(0)
    expect(io.stdout[0]).toBe('usage: nexum-sim engine [options]')
  })
})

describe('runEngineCommand', () => {
  it('a missing default engine.toml (relative to cwd) is a config error: exit 1, file named, nothing installed', async () => {
    const dir = tempDir()
    const io = capture()
    const signals = signalRecorder()
    expect(
      await runEngineCommand({ configPath: 'engine.toml' }, io, { env: {}, cwd: dir, signals, exitNow: noExit }),
    ).toBe(1)
    expect(io.stderr.join('\n')).toContain(join(dir, 'engine.toml'))
    expect(io.stderr.at(-1)).toMatch(/ERROR nexum_engine: done reason=boot-failed code=1$/)
    expect(signals.installed.size).toBe(0)
  })

  it('a chain that cannot be dialled fails the boot with the Rust engine’s wording, and removes its handlers', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'engine.toml'),
      `[engine]\nstate_dir = "state"\n[chains.11155111]\nrpc_url = "ws://127.0.0.1:1"\n`,
    )
    const io = capture()
    const signals = signalRecorder()
    expect(
      await runEngineCommand({ configPath: 'engine.toml' }, io, { env: {}, cwd: dir, signals, exitNow: noExit }),
    ).toBe(1)
    expect(io.stderr.join('\n')).toMatch(
      /ERROR nexum_engine: boot failed error=".*connect chain 11155111: .*ECONNREFUSED/,
    )
    expect(io.stderr.at(-1)).toMatch(/ INFO nexum_engine: done reason=boot-failed code=1$/)
    expect(signals.installed.size).toBe(0)
  })

  it('handles signals from its first line: the first shuts down (exit 0), a second exits at once, logged', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'engine.toml'),
      `[engine]\nstate_dir = "state"\n[chains.11155111]\nrpc_url = "ws://127.0.0.1:1"\n`,
    )
    const io = capture()
    const signals = signalRecorder()
    const exits: number[] = []
    const running = runEngineCommand({ configPath: 'engine.toml' }, io, {
      env: {},
      cwd: dir,
      signals,
      exitNow: (code) => void exits.push(code),
    })
    expect([...signals.installed.keys()].sort()).toEqual(['SIGINT', 'SIGTERM'])
    signals.send('SIGTERM')
    expect(exits).toEqual([])
    signals.send('SIGTERM')
    expect(exits).toEqual([143])
    expect(io.stderr.join('\n')).toMatch(/ WARN nexum_engine: second shutdown signal - exiting at once signal=SIGTERM/)
    expect(io.stderr.join('\n')).toMatch(/ERROR nexum_engine: done reason=second-signal code=143/)
    // The process would be gone; here the command goes on and ends as the first signal asked.
    expect(await running).toBe(0)
    expect(io.stderr.at(-1)).toMatch(/ INFO nexum_engine: done reason=signal code=0$/)
    expect(signals.installed.size).toBe(0)
  })
})

describe('an unexpected exception in the engine process', () => {
  it('is reason=crashed: the stack is printed, the store released, exit 1', async () => {
    const dir = tempDir()
    const mod = join(dir, 'probe')
    mkdirSync(mod)
    writeFileSync(join(mod, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(
      join(mod, 'module.toml'),
      '[module]\nname = "probe"\n[capabilities]\nrequired = []\n[[subscription]]\nkind = "block"\nchain_id = 1\n',
    )
    writeFileSync(join(mod, 'index.ts'), 'export async function init() {}\nexport async function onEvent() {}\n')
    writeFileSync(
      join(dir, 'engine.toml'),
      '[engine]\nstate_dir = "state"\nisolation = "in-process"\n[chains.1]\nrpc_url = "http://127.0.0.1:1"\n[[modules]]\npath = "probe"\n',
    )
    const io = capture()
    // A throw nobody awaited, raised while the engine dials its chain: tied to the engine's own
    // log line, not to a turn of the event loop (the boot may read its files without yielding).
    let crash: ((error: unknown) => void) | undefined
    const onCrash = (listener: (error: unknown) => void) => {
      crash = listener
      return () => {}
    }
    const err = io.err
    io.err = (line) => {
      err(line)
      if (line.includes('opening chain RPC provider')) crash?.(new TypeError('boom from a callback'))
    }
    const code = await runEngineCommand({ configPath: 'engine.toml' }, io, {
      env: {},
      cwd: dir,
      signals: signalRecorder(),
      exitNow: noExit,
      onCrash,
    })
    expect(code).toBe(1)
    const text = io.stderr.join('\n')
    expect(text).toMatch(/Error: TypeError: boom from a callback\n\s+at /)
    expect(io.stderr.at(-1)).toMatch(/ERROR nexum_engine: done reason=crashed code=1$/)
    openSqliteStore(join(dir, 'state')).close() // released
  })
})

describe('unfinishedLines (the bin prints them when the process ends before the command did)', () => {
  it('names the command, and for the engine adds the crashed done line', () => {
    expect(unfinishedLines(['run'])).toEqual([
      'nexum-sim run: internal error: the command stopped before it finished (nothing left to wait on)',
    ])
    expect(unfinishedLines(['engine']).at(-1)).toMatch(/ERROR nexum_engine: done reason=crashed code=1$/)
  })
})
