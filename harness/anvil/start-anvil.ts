// A real anvil as a child process. Raw child_process rather than prool's execa instance: execa
// keeps Node alive 5 s after stop. `--port 0` lets anvil pick a free port (no
// races); `--cache-path` and `--max-persisted-states 0` keep anvil's state dumps out of the
// system temp folder, where it would otherwise leak them (gigabytes after a few thousand blocks).
import { BaseError } from '../../engine/errors/base-error.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anvilBinary } from './anvil-binary.js'

export interface StartAnvilOptions {
  chainId?: number
  /** Extra anvil flags, appended last. */
  args?: string[]
  /** Genesis timestamp, seconds. */
  timestamp?: number
  /** Interval mining, seconds; absent = blocks only when mined (or on a transaction). */
  blockTime?: number
  /** How long to wait for `Listening on`. Default 15 s. */
  startTimeoutMs?: number
  /** Default: anvilBinary(). */
  binary?: string
  /**
   * A genesis (geth format) written into the temp folder and passed as `--init`: how a chain
   * starts at a given block number and timestamp (anvil has no method to set the number).
   */
  genesis?: Record<string, unknown> | undefined
}

export interface AnvilExit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface AnvilProcess {
  url: string
  wsUrl: string
  port: number
  pid: number
  /** The temp folder given to `--cache-path`; removed by stop(). */
  cachePath: string
  /** Settles when the process has exited, for whatever reason. */
  exited: Promise<AnvilExit>
  /** SIGTERM by PID, SIGKILL after 5 s, then the temp folder is removed. Idempotent. */
  stop(): Promise<void>
}

export class AnvilStartError extends BaseError {
  override readonly name = 'AnvilStartError'
}

const STOP_GRACE_MS = 5_000

export function anvilArgs(options: StartAnvilOptions, cachePath: string): string[] {
  const args = ['--host', '127.0.0.1', '--port', '0', '--cache-path', cachePath, '--max-persisted-states', '0']
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId))
  if (options.timestamp !== undefined) args.push('--timestamp', String(options.timestamp))
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime))
  if (options.genesis !== undefined) args.push('--init', genesisPath(cachePath))
  args.push(...(options.args ?? []))
  return args
}

export function genesisPath(cachePath: string): string {
  return join(cachePath, 'genesis.json')
}

/** The port from anvil's `Listening on 127.0.0.1:NNNNN` line, once it has been printed. */
export function parseListeningPort(output: string): number | undefined {
  const match = /Listening on [^\s]*:(\d+)/.exec(output)
  return match ? Number(match[1]) : undefined
}

export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilProcess> {
  const binary = options.binary ?? anvilBinary()
  const cachePath = mkdtempSync(join(tmpdir(), 'nexum-anvil-'))
  if (options.genesis !== undefined) writeFileSync(genesisPath(cachePath), JSON.stringify(options.genesis))
  const child = spawn(binary, anvilArgs(options, cachePath), { stdio: ['ignore', 'pipe', 'pipe'] })
  const removeCache = () => rmSync(cachePath, { recursive: true, force: true })
  const leftover = { child, removeCache }
  liveChildren.add(leftover)
  const exited = new Promise<AnvilExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })

  let port: number
  try {
    port = await waitForListening(child, exited, options.startTimeoutMs ?? 15_000)
  } catch (error) {
    await terminate(child, exited)
    removeCache()
    liveChildren.delete(leftover)
    throw error
  }
  // Keep draining: anvil logs every block and request, and a full pipe would block it.
  child.stdout?.resume()
  child.stderr?.resume()

  let stopping: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    pid: child.pid as number,
    cachePath,
    exited,
    stop() {
      stopping ??= terminate(child, exited).then(() => {
        removeCache()
        liveChildren.delete(leftover)
      })
      return stopping
    },
  }
}

function waitForListening(child: ChildProcess, exited: Promise<AnvilExit>, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => finish(new AnvilStartError(`anvil did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const port = parseListeningPort(output)
      if (port !== undefined) finish(port)
    }
    const finish = (result: number | Error) => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      if (typeof result === 'number') resolve(result)
      else reject(result)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', (error) => finish(new AnvilStartError(`anvil could not be spawned: ${error.message}`)))
    void exited.then(({ code, signal }) =>
      finish(new AnvilStartError(`anvil exited before listening (code ${code}, signal ${signal}):\n${output}`)),
    )
  })
}

async function terminate(child: ChildProcess, exited: Promise<AnvilExit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const pid = child.pid
  signalPid(pid, 'SIGTERM')
  const killTimer = setTimeout(() => signalPid(pid, 'SIGKILL'), STOP_GRACE_MS)
  try {
    await exited
  } finally {
    clearTimeout(killTimer)
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

// A test run that dies without stopping its anvils must not leave them running.
const liveChildren = new Set<{ child: ChildProcess; removeCache(): void }>()
process.once('exit', killLiveAnvils)

/** Kills (SIGKILL, by PID) every anvil this process started and has not stopped, and removes their temp folders. Synchronous. */
export function killLiveAnvils(): void {
  for (const { child, removeCache } of liveChildren) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) signalPid(child.pid, 'SIGKILL')
    removeCache()
  }
}
