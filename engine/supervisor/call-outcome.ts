// What a call into a module came to: ok, a host error (the module stays alive), or a trap
// (anything else thrown, or the deadline passed: the module is dead for the rest of the run).
import { DeadlineExceeded, withDeadline } from '../clock/deadline.js'
import type { Clock } from '../clock/clock.js'
import { isHostError, type HostError } from '../module-api/host-error.js'

export type CallOutcome = { kind: 'ok' } | { kind: 'host-error'; error: HostError } | { kind: 'trap'; message: string }

export async function callModule(
  clock: Clock,
  deadlineMs: number,
  what: string,
  call: () => Promise<void>,
): Promise<CallOutcome> {
  try {
    let work: Promise<void>
    try {
      work = Promise.resolve(call())
    } catch (error) {
      work = Promise.reject(error)
    }
    await withDeadline(clock, deadlineMs, what, work)
    return { kind: 'ok' }
  } catch (error) {
    return classifyThrown(error)
  }
}

export function classifyThrown(error: unknown): CallOutcome {
  if (isHostError(error)) return { kind: 'host-error', error }
  if (error instanceof DeadlineExceeded) {
    return { kind: 'trap', message: `${error.message} (a host call blocked or ran too long)` }
  }
  if (error instanceof Error) return { kind: 'trap', message: `${error.name}: ${error.message}` }
  return { kind: 'trap', message: `threw ${typeof error}: ${String(error)}` }
}
