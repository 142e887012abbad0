// "What would another engine have done?": one captured answer, played forward under a policy by
// the judge's own evaluator (harness/orderbook/policy-model.ts). The orderbook is assumed to keep
// giving the same answer to every POST of the order; the module posts once per block unless the
// policy's decision holds it (a backoff on block time, a final decision). Pure.
import { type PolicyAnswer, type PolicyModel, type PolicyVerdict, policyVerdict } from '../orderbook/policy-model.js'

/** One virtual day of Sepolia (and mainnet) blocks at 12 s. */
export const DEFAULT_HORIZON_BLOCKS = 7200
export const BLOCK_SECONDS = 12

export interface ProjectedPost {
  /** Blocks after the captured one (0 = the captured POST). */
  block: number
  verdict: PolicyVerdict
}

export interface Projection {
  policy: PolicyModel
  posts: ProjectedPost[]
  /** The order's end within the horizon: on the book, dropped, or still being posted. */
  end: { kind: 'posted' | 'dropped'; block: number } | { kind: 'open' }
}

export function projectPolicy(policy: PolicyModel, answer: PolicyAnswer, horizonBlocks: number): Projection {
  const posts: ProjectedPost[] = []
  let firstRejectedBlock: number | undefined
  let dueBlockTime = 0
  for (let block = 0; block < horizonBlocks; block++) {
    if (block * BLOCK_SECONDS < dueBlockTime) continue
    const verdict = policyVerdict(policy, answer, { block, firstRejectedBlock })
    posts.push({ block, verdict })
    switch (verdict.decision) {
      case 'submitted':
      case 'already-submitted':
        return { policy, posts, end: { kind: 'posted', block } }
      case 'drop':
        return { policy, posts, end: { kind: 'dropped', block } }
      case 'backoff':
        dueBlockTime = block * BLOCK_SECONDS + (verdict.seconds ?? 0)
        break
      case 'try-next-block':
        if (verdict.action === 'drop-on-repeat' && firstRejectedBlock === undefined) firstRejectedBlock = block
        break
    }
  }
  return { policy, posts, end: { kind: 'open' } }
}

/** The decision sequence, runs collapsed: `try-next-block ×3, drop`. */
export function decisionSequence(projection: Projection): string {
  const said = (p: ProjectedPost) =>
    p.verdict.decision === 'backoff' ? `backoff ${p.verdict.seconds} s` : p.verdict.decision
  const runs: { text: string; count: number }[] = []
  for (const post of projection.posts) {
    const text = said(post)
    const last = runs.at(-1)
    if (last?.text === text) last.count++
    else runs.push({ text, count: 1 })
  }
  return runs.map((r) => (r.count === 1 ? r.text : `${r.text} ×${r.count}`)).join(', ')
}

/** `dropped at block +3 (36 s after the first POST)`, `on the book at block +0`, or still open. */
export function describeEnd(projection: Projection, horizonBlocks: number): string {
  const { end } = projection
  if (end.kind === 'open') return `neither posted nor dropped within ${horizonBlocks} blocks`
  const when = `block +${end.block} (${end.block * BLOCK_SECONDS} s after the first POST)`
  return end.kind === 'posted' ? `on the book at ${when}` : `dropped at ${when}`
}
