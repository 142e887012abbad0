// `nexum-sim run --policy`: the same scenario, run and judged under another policy file, decides
// as that policy says (docs/policies.md); the failure's replay line carries the policy.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, runCli } from './support/run-cli.js'

const SCENARIO = join(ROOT, 'scenarios', 'policies', 'default-eip1271-three-blocks-grace.yaml')

describe('nexum-sim run --policy', () => {
  it('the default passes; under shepherd the same exchange drops a block after the first rejection', async () => {
    const ours = await runCli(['run', SCENARIO])
    expect(ours.code).toBe(0)
    const theirs = await runCli(['run', SCENARIO, '--policy', 'shepherd'])
    expect(theirs.code).toBe(1)
    expect(theirs.stdout).toContain(
      'expect.decisions.stop-loss: wanted [try-next-block, try-next-block, try-next-block, drop], got [try-next-block, drop]',
    )
    expect(theirs.stdout).toMatch(
      /replay: nexum-sim run \S+ --seed \d+ --mode fixture --policy policies\/shepherd\.toml/,
    )
  })

  it('a policy that does not exist is a usage error (exit 2) naming the shipped ones', async () => {
    const r = await runCli(['run', SCENARIO, '--policy', 'nonesuch'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      '--policy: expected a shipped policy (default, shepherd, watch-tower) or a policy file, found nonesuch',
    )
  })
})
