// A boot step that waits on an endpoint (dialling it, `eth_chainId`, opening one subscription)
// runs under `[engine.limits] boot_deadline_secs` of the engine's clock and gives way to a
// shutdown signal: an endpoint that accepts TCP and never answers cannot hang the boot (issue 9).
import { cancellableTimer } from '../clock/cancellable-timer.js'
import type { Clock, Timer } from '../clock/clock.js'
import { formatMs } from '../clock/deadline.js'
import { BaseError } from '../errors/base-error.js'

export interface BootStepWhere {
  chainId: number
  /** The endpoint as printed: its origin only (decision 0025); absent for a simulated node. */
  url?: string | undefined
  /** What was waited on, e.g. `connect`, `eth_chainId`, `eth_subscribe(newHeads)`. */
  step: string
}

/** A boot step outlived the boot deadline: boot fails (exit 1) naming the chain, endpoint and step. */
export class BootDeadlineExceeded extends BaseError {
  override readonly name = 'BootDeadlineExceeded'
  constructor(
    readonly where: BootStepWhere,
    readonly deadlineMs: number,
  ) {
    super(
      `chain ${where.chainId}${where.url ? ` (${where.url})` : ''}: ${where.step} did not finish within the ${formatMs(deadlineMs)} boot deadline`,
      {
        details: 'raise [engine.limits] boot_deadline_secs, or check that the endpoint answers',
        docsPath: 'docs/runbooks/m3-sepolia.md',
      },
    )
  }
}

/** A boot step's endpoint answered with an error: boot fails, naming the chain, endpoint and step. */
export class BootStepFailed extends BaseError {
  override readonly name = 'BootStepFailed'
  constructor(
    readonly where: BootStepWhere,
    detail: string,
    cause?: unknown,
  ) {
    super(`chain ${where.chainId}${where.url ? ` (${where.url})` : ''}: ${where.step} failed: ${detail}`, { cause })
  }
}

/** A shutdown signal came while the step waited. */
export const BOOT_INTERRUPTED = Symbol('boot interrupted by a shutdown signal')

export interface BootStepOptions<T> {
  clock: Clock
  shutdown: AbortSignal
  deadlineMs: number
  where: BootStepWhere
  /** Told the value the work resolves with after the step was given up (a stream to close). */
  onLate?: ((value: T) => void) | undefined
}

/** `work`'s value; BOOT_INTERRUPTED after a signal; rejects with BootDeadlineExceeded past the deadline. */
export async function bootStep<T>(options: BootStepOptions<T>, work: Promise<T>): Promise<T | typeof BOOT_INTERRUPTED> {
  const { clock, shutdown, deadlineMs, where } = options
  let settled = false
  const giveUp = () => {
    if (settled) return
    settled = true
    work.then(options.onLate ?? (() => {}), () => {})
  }
  let onAbort: (() => void) | undefined
  let deadline: Timer | undefined
  try {
    return await new Promise<T | typeof BOOT_INTERRUPTED>((resolve, reject) => {
      if (shutdown.aborted) {
        giveUp()
        return resolve(BOOT_INTERRUPTED)
      }
      onAbort = () => {
        giveUp()
        resolve(BOOT_INTERRUPTED)
      }
      shutdown.addEventListener('abort', onAbort, { once: true })
      // A cancellable timer, not a sleep with an AbortController: boots are many in a simulation.
      deadline = cancellableTimer(clock, deadlineMs, `boot deadline: chain ${where.chainId} ${where.step}`)
      deadline.fired.then(() => {
        giveUp()
        reject(new BootDeadlineExceeded(where, deadlineMs))
      })
      work.then(
        (value) => {
          if (settled) return
          settled = true
          resolve(value)
        },
        (error: unknown) => {
          if (settled) return
          settled = true
          reject(error)
        },
      )
    })
  } finally {
    deadline?.cancel()
    if (onAbort) shutdown.removeEventListener('abort', onAbort)
  }
}
