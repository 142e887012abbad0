// The model decides by the case's policy file (`fuzz --policy`), drop-on-repeat included.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SHIPPED_POLICY_DIR } from '../../../engine/orderbook-policy/policy-files.js'
import type { CaseModule, CaseStep, PostAnswer } from './fuzz-case.js'
import { predict } from './predict.js'

const stopLoss: CaseModule = { kind: 'stop-loss', name: 'a', config: { trigger_price: '2500.00' } }
const blocks = (n: number): CaseStep[] => Array.from({ length: n }, () => ({ type: 'block', chain: 11155111 }) as const)
const invalid: PostAnswer = { kind: 'reject', name: 'InvalidEip1271Signature' }
const run = (policy?: string) =>
  predict({
    chains: [11155111],
    modules: [stopLoss],
    steps: blocks(6),
    orderbook: Array(6).fill(invalid),
    policy: policy && join(SHIPPED_POLICY_DIR, `${policy}.toml`),
  })

describe('the model under a policy', () => {
  it('InvalidEip1271Signature on every block: four POSTs by default, two under shepherd, six under watch-tower', () => {
    expect(run().decisions.a).toEqual(['try-next-block', 'try-next-block', 'try-next-block', 'drop'])
    expect(run('shepherd').decisions.a).toEqual(['try-next-block', 'drop'])
    expect(run('watch-tower').decisions.a).toEqual(Array(6).fill('try-next-block'))
    expect(run('watch-tower').orderbook.posts).toBe(6)
  })
})
