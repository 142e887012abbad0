// A command run against a served world (`nexum-sim diff --against`): started through the shell in
// a process group of its own, its output kept (the last lines) for the report, and stopped by its
// PID: SIGTERM to the group, then SIGKILL after a grace, so nothing it started is left behind.
import { type ChildProcess, spawn } from 'node:child_process'

const KEPT_LINES = 200

export interface ExternalExit {
  code: number | null
  signal: NodeJS.Signals | null
}

export class ExternalProcess {
  readonly #child: ChildProcess
  readonly #lines: string[] = []
  #exit: ExternalExit | undefined
  readonly exited: Promise<ExternalExit>

  private constructor(child: ChildProcess) {
    this.#child = child
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue
        this.#lines.push(line)
        if (this.#lines.length > KEPT_LINES) this.#lines.shift()
      }
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal }
        resolve(this.#exit)
      })
      child.once('error', (error) => {
        this.#lines.push(`cannot start: ${error.message}`)
        this.#exit = { code: null, signal: null }
        resolve(this.#exit)
      })
    })
  }

  static start(command: string, env: Record<string, string>, cwd: string): ExternalProcess {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
      env: { ...process.env, ...env },
      // Its own process group (setsid): the group is signalled whole, by the leader's PID.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    return new ExternalProcess(child)
  }

  get pid(): number | undefined {
    return this.#child.pid
  }

  get exit(): ExternalExit | undefined {
    return this.#exit
  }

  /** The last lines it wrote (stdout and stderr interleaved). */
  output(): string[] {
    return [...this.#lines]
  }

  /** Sends a signal to its whole group; false when it is gone. */
  signal(signal: NodeJS.Signals): boolean {
    const pid = this.#child.pid
    if (pid === undefined || this.#exit) return false
    try {
      process.kill(-pid, signal)
      return true
    } catch {
      return false
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. Then the group gets a SIGKILL for stragglers. */
  async stop(graceMs: number): Promise<ExternalExit> {
    if (!this.#exit) {
      this.signal('SIGTERM')
      let timer: ReturnType<typeof setTimeout> | undefined
      const graceOver = new Promise<'grace'>((resolve) => {
        timer = setTimeout(() => resolve('grace'), graceMs)
      })
      const first = await Promise.race([this.exited, graceOver])
      clearTimeout(timer)
      if (first === 'grace') this.signal('SIGKILL')
    }
    const exit = await this.exited
    const pid = this.#child.pid
    // The shell may have exited before what it started: whatever is left in the group goes too.
    if (pid !== undefined)
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        // The group is empty: nothing left behind.
      }
    return exit
  }
}
