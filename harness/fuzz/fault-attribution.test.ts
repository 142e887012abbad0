// Which request gets a scripted fault must not depend on the order promises settle (issue 13):
// the world's fakes attribute a `times`-limited rule to requests in the order they arrive, and
// the fake orderbook's book answers one UID once whatever order concurrent validations finish.
// fast-check's scheduler picks the settle order (and, for the orderbook, where each request's
// chain reads resume); see docs/fuzzing.md, "Interleavings".
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { RpcError } from '../../engine/transport/rpc-transport.js'
import { FakeOrderbook } from '../orderbook/fake-orderbook.js'
import type { OrderbookChain } from '../orderbook/orderbook-chain.js'
import { JSON_HEADERS, SEPOLIA, SEPOLIA_ROOT, START_MS, presignOrderBody } from '../orderbook/test-helpers.js'
import type { ChainStateDecl } from '../scenario/types.js'
import { FakeNode } from '../world/fake-node.js'

const HEAD = { number: 7_000_000, timestamp: 1_750_000_000 }
const address = (i: number) => `0x${(i + 1).toString(16).padStart(40, '0')}`

describe('fault attribution under any settle order', () => {
  it('RPC: a rule with `times: k` fails exactly the first k requests sent, however answers settle', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        async (s, requests, times) => {
          const state: ChainStateDecl = {
            head: HEAD,
            balances: new Map(),
            contracts: new Map(),
            rpc: [{ method: 'eth_getBalance', error: { code: -32000, message: 'header not found' }, times }],
          }
          const node = new FakeNode({ chainId: SEPOLIA, state, clock: new VirtualClock(START_MS), seed: 1 })
          // Sent in order 0..n-1 (as a module's Promise.all sends them); settled as the scheduler says.
          const answers = Array.from({ length: requests }, (_, i) =>
            s.schedule(
              node.request('eth_getBalance', [address(i), 'latest']).then(
                () => 'ok',
                (e: unknown) => (e instanceof RpcError ? 'fault' : 'other'),
              ),
              `answer ${i}`,
            ),
          )
          const got = await s.waitFor(Promise.all(answers))
          expect(got).toEqual(Array.from({ length: requests }, (_, i) => (i < times ? 'fault' : 'ok')))
        },
      ),
      { numRuns: 100, seed: 13 },
    )
  })

  // Each POST is validated against the OpenAPI document (~70 ms): a small budget, a long timeout.
  it('orderbook: scripted answers go to POSTs in arrival order; the same order posted at once is accepted once', {
    timeout: 120_000,
  }, async () => {
    // One book for every run (compiling its OpenAPI schema is slow); each run posts a new order.
    let current: fc.Scheduler | undefined
    const chain: OrderbookChain = {
      // The server's chain reads resume when the scheduler says: concurrent validations interleave.
      isValidSignature: () => (current as fc.Scheduler).schedule(Promise.resolve('invalid' as const), 'signature read'),
      preSignature: () => (current as fc.Scheduler).schedule(Promise.resolve(false), 'pre-signature read'),
    }
    const book = await FakeOrderbook.create({ clock: new VirtualClock(START_MS), chain })
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 0, max: 2 }), async (s, scripted) => {
        current = s
        book.replaceBehaviour({
          default: 'accept',
          rules: Array.from({ length: scripted }, () => ({
            match: { method: 'POST', path: '/api/v1/orders' },
            respond: { status: 503, text: 'unavailable' },
            times: 1,
          })),
        })
        const body = JSON.stringify(presignOrderBody({ sellAmount: String(10n ** 18n + BigInt(run++)) }))
        // Not wrapped in the scheduler themselves: each waits on scheduled chain reads, and a
        // scheduled task that waits on another would never be released (waitOne awaits it).
        const posts = Array.from({ length: scripted + 2 }, () =>
          book.handle({ method: 'POST', url: `${SEPOLIA_ROOT}/api/v1/orders`, headers: JSON_HEADERS, body }),
        )
        const statuses = (await s.waitFor(Promise.all(posts))).map((a) => a.status)
        // The first `scripted` POSTs sent meet the rules; of the rest, one is accepted and the
        // other is told the order already exists, whichever validation finishes first.
        expect(statuses.slice(0, scripted)).toEqual(Array(scripted).fill(503))
        expect([...statuses.slice(scripted)].sort()).toEqual([201, 400])
      }),
      { numRuns: 25, seed: 13 },
    )
  })
})
