// `decisions`: what a module decided about an order after submitting it. The engine traces it
// (scenarios assert `expect.decisions` on these events) and logs it at debug.
import type { Decision, DecisionKind, DecisionsHost } from '../module-api/host.js'
import { HostError } from '../module-api/host-error.js'
import type { Logger } from '../observe/logger.js'
import type { Telemetry } from '../observe/telemetry.js'

export function createDecisionsHost(telemetry: Telemetry, logger: Logger, moduleName: string): DecisionsHost {
  return {
    report(decision) {
      const recorded = copyDecision(decision)
      const problem = decisionProblem(recorded)
      if (problem) throw new HostError({ domain: 'decisions', kind: 'invalid-input', code: 0, message: problem })
      telemetry.emit({ type: 'decision', module: moduleName, decision: recorded })
      logger.debug('module decision', {
        module: moduleName,
        uid: recorded.uid,
        decision: recorded.decision,
        backoff_seconds: recorded.backoffSeconds,
        status: recorded.status,
        error_type: recorded.errorType,
      })
    },
  }
}

/** A copy without undefined fields, so a later change by the module cannot rewrite the trace. */
export function copyDecision(decision: Decision): Decision {
  const out: Decision = { uid: decision.uid, decision: decision.decision }
  if (decision.backoffSeconds !== undefined) out.backoffSeconds = decision.backoffSeconds
  if (decision.status !== undefined) out.status = decision.status
  if (decision.errorType !== undefined) out.errorType = decision.errorType
  return out
}

const DECISION_KINDS: ReadonlySet<DecisionKind> = new Set([
  'submitted',
  'already-submitted',
  'try-next-block',
  'backoff',
  'drop',
])

/** What is wrong with a reported decision, so nothing malformed reaches the trace. */
function decisionProblem(d: Decision): string | undefined {
  if (typeof d.uid !== 'string' || !d.uid.startsWith('0x'))
    return `decision uid must be a 0x string, got ${String(d.uid)}`
  if (!DECISION_KINDS.has(d.decision)) return `unknown decision kind: ${String(d.decision)}`
  if (d.backoffSeconds !== undefined && !(Number.isFinite(d.backoffSeconds) && d.backoffSeconds >= 0)) {
    return `backoffSeconds must be a non-negative number, got ${d.backoffSeconds}`
  }
  return undefined
}
