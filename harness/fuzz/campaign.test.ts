// A campaign whose property throws (the model, the generator or the runner) reports a failure:
// fast-check's own error is never a silent "0 failed".
import { describe, expect, it } from 'vitest'
import { runCampaign } from './campaign.js'

describe('runCampaign', () => {
  it('a case that throws is a failure, with the seed, the path and the error', async () => {
    // A policy file that does not exist: the model throws while predicting the first case.
    const r = await runCampaign({ seed: 3, runs: 5, policy: '/nonexistent/policy.toml', shrinkMs: 0 })
    expect(r.failure?.failures[0]).toMatch(/^fuzz: the campaign threw on a case \(seed 3, path [0-9:]+\): .*policy/s)
    expect(r.failure?.path).toMatch(/^[0-9:]+$/)
  })
})
