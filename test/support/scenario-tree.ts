// Scenario trees written into temp folders, the way Vitest tests its own runner; each is removed
// when the test that wrote it finishes.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { tempDir } from './temp-dir.js'

export function scenarioTree(files: Record<string, string>): string {
  const root = tempDir('nexum-scenarios-')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}

/** A scenario of one probe module on Sepolia: `blocks` blocks, then SIGTERM; it expects `wantBlocks` dispatched (a different number fails it). */
export const probeScenario = (name: string, blocks: number, wantBlocks: number) => `version: 1
name: ${name}
engine:
  chains: { 11155111: {} }
  modules: [ { use: probe, subscriptions: [ { kind: block, chain_id: 11155111 } ] } ]
steps:
  - blocks: { count: ${blocks} }
  - signal: SIGTERM
expect:
  dispatch: { probe: { blocks: ${wantBlocks} } }
`
