// The policy invariant on hand-built traces: the same trace is clean under one policy and a
// violation under another, because the judge reads the policy file (docs/policies.md).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SHIPPED_POLICY_DIR } from '../../engine/orderbook-policy/policy-files.js'
import { policyModel } from '../orderbook/policy-model.js'
import { checkTrace } from './check-trace.js'
import type { CheckerModel } from './checker-model.js'

const C = 11155111
const UID = `0x${'ab'.repeat(56)}`
const L = (type: string, fields: Record<string, unknown> = {}, t = 0): string => JSON.stringify({ t, type, ...fields })
const T0 = 1_750_000_000

const model = (policy: string): CheckerModel => ({
  modules: [{ name: 'a', blockChains: [C], logFilters: [] }],
  logs: new Map(),
  drops: new Map(),
  policy: policyModel(join(SHIPPED_POLICY_DIR, `${policy}.toml`)),
})

/** One block per answer: the block, the module's POST with that answer, its decision, its dispatch. */
function trace(answers: { status: number; errorType?: string }[], decide = true): string[] {
  const lines = [L('boot', { modules: ['a'] }), L('module-init', { module: 'a', outcome: 'ok' })]
  lines.push(L('stream-open', { stream: 'blocks', chainId: C, ok: true }))
  answers.forEach((a, i) => {
    const number = 100 + i
    const t = i * 12_000
    lines.push(L('block', { chainId: C, number, hash: '0x00', timestamp: T0 + i * 12 }, t))
    lines.push(L('orderbook', { chainId: C, method: 'POST', path: '/api/v1/orders', uid: UID, ...a }, t))
    if (decide) lines.push(L('decision', { module: 'a', decision: { uid: UID, decision: 'try-next-block' } }, t))
    lines.push(L('dispatch', { module: 'a', event: 'block', chainId: C, number, outcome: 'ok' }, t))
  })
  lines.push(L('exit', { reason: 'signal', code: 0 }))
  return lines
}

const policyRules = (lines: string[], policy: string) =>
  checkTrace(lines, model(policy))
    .filter((v) => v.invariant.includes('policy'))
    .map((v) => `${v.invariant}@${v.line}`)

describe('the active policy, judged on the trace', () => {
  const eip1271 = { status: 400, errorType: 'InvalidEip1271Signature' }

  it('InvalidEip1271Signature on three blocks: shepherd dropped it at the second, default still retries', () => {
    const lines = trace([eip1271, eip1271, eip1271])
    expect(policyRules(lines, 'default')).toEqual([])
    expect(policyRules(lines, 'watch-tower')).toEqual([])
    expect(policyRules(lines, 'shepherd')).toEqual(['no-post-after-policy-final-decision@13'])
  })

  it('a 500 SellAmountOverflow posted again: a drop under default, every block under watch-tower', () => {
    const lines = trace([
      { status: 500, errorType: 'SellAmountOverflow' },
      { status: 500, errorType: 'SellAmountOverflow' },
    ])
    expect(policyRules(lines, 'default')).toEqual(['no-post-after-policy-final-decision@9'])
    expect(policyRules(lines, 'watch-tower')).toEqual([])
  })

  it('TooManyLimitOrders posted again: early under both 1 h (default) and 30 s (shepherd) a block later; the 30 s are over by the fourth block', () => {
    const lines = trace([
      { status: 400, errorType: 'TooManyLimitOrders' },
      { status: 400, errorType: 'TooManyLimitOrders' },
    ])
    expect(policyRules(lines, 'default')).toEqual(['no-post-before-policy-backoff-expired@9'])
    // 12 s after a 30 s backoff is still early: the policy's own figure decides.
    expect(policyRules(lines, 'shepherd')).toEqual(['no-post-before-policy-backoff-expired@9'])
    const later = trace([{ status: 400, errorType: 'TooManyLimitOrders' }, eip1271, eip1271, eip1271])
    // Shepherd's 30 s have passed by the fourth block (36 s); default's hour has not.
    expect(policyRules(later, 'shepherd')).toContain('no-post-before-policy-backoff-expired@9')
    expect(policyRules(later, 'shepherd')).not.toContain('no-post-before-policy-backoff-expired@17')
  })

  it('a module that takes no decisions (a fixture posting by hand) is not held to a policy', () => {
    expect(policyRules(trace([eip1271, eip1271, eip1271], false), 'shepherd')).toEqual([])
  })
})
