import { describe, it, expect } from 'vitest'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'
import type { Block, Hex } from '../sdk/index.js'
import { HostError, blockSeconds } from '../sdk/index.js'
import { MockHost, orderbookRejection } from '../sdk/testing/index.js'
import type { StopLossSettings } from './config.js'
import { buildSubmission } from './stop-loss-order.js'
import { isTriggered, onBlock } from './strategy.js'

const SEPOLIA = 11_155_111
const FEED: Hex = '0x694aa1769357215de4fac081bf1f309adc325306'
const T0 = 1_750_000_000 // block time, seconds

const settings: StopLossSettings = {
  oracle: FEED,
  triggerScaled: 250_000_000_000n,
  owner: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  sellToken: '0x6810e776880c02933d47db1b9fc05908e5386b96',
  buyToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  sellAmount: 10n ** 18n,
  buyAmount: 3n * 10n ** 17n,
  validTo: 0xffffffff,
  maxPriceAgeSecs: 3_600,
}
const UID = buildSubmission(SEPOLIA, settings).uid

const word = (v: bigint): string => BigInt.asUintN(256, v).toString(16).padStart(64, '0')
const roundData = (answer: bigint, updatedAt = BigInt(T0)): Hex =>
  `0x${word(1n)}${word(answer)}${word(updatedAt)}${word(updatedAt)}${word(1n)}`

/** Block n of a 12-second chain starting at T0. */
const block = (n: number, chainId = SEPOLIA): Block => ({
  chainId,
  number: 7_000_000 + n,
  hash: `0x${'ab'.repeat(32)}`,
  timestamp: (T0 + 12 * n) * 1000,
})

function hostAtPrice(price: bigint): MockHost {
  const host = new MockHost({ moduleName: 'stop-loss', orderbookPolicy: shippedPolicy() })
  host.chain.respondEthCall(FEED, '0xfeaf968c', roundData(price))
  return host
}

const BELOW = 200_000_000_000n
const decisions = (host: MockHost) => host.decisions.reported.map((d) => d.decision)
const keys = (host: MockHost) => host.localStore.snapshot().map(([k]) => k)

describe('pure helpers', () => {
  it('triggers at or below the trigger price', () => {
    expect(isTriggered(249n, 250n)).toBe(true)
    expect(isTriggered(250n, 250n)).toBe(true)
    expect(isTriggered(251n, 250n)).toBe(false)
  })
  it('block seconds floor the millisecond timestamp', () => {
    expect(blockSeconds({ ...block(0), timestamp: 1_750_000_000_999 })).toBe(1_750_000_000)
  })
})

describe('stop-loss onBlock: oracle answers it must not act on (issue 9)', () => {
  it('an answer of -1 (or 0) is ignored with a warning: nothing is posted', async () => {
    for (const answer of [-1n, 0n]) {
      const host = hostAtPrice(answer)
      await onBlock(host, block(1), settings)
      expect(host.cowApi.submissions).toEqual([])
      expect(host.logging.messages('warn')).toEqual([
        `stop-loss: ignoring the oracle's answer: answer ${answer} is not a price (at or below 0)`,
      ])
    }
  })

  it('an answer older than max_price_age_secs is ignored with a warning', async () => {
    const host = new MockHost({ moduleName: 'stop-loss', orderbookPolicy: shippedPolicy() })
    host.chain.respondEthCall(FEED, '0xfeaf968c', roundData(BELOW, BigInt(T0 + 12 - 3_601)))
    await onBlock(host, block(1), settings)
    expect(host.cowApi.submissions).toEqual([])
    expect(host.logging.messages('warn')[0]).toMatch(
      /^stop-loss: ignoring the oracle's answer: answer is stale: updated 3601s/,
    )
  })
})

describe('stop-loss onBlock: the Rust engine’s cases', () => {
  it('idles when the price is above the trigger', async () => {
    const host = hostAtPrice(300_000_000_000n)
    await onBlock(host, block(0), settings)
    expect(host.cowApi.submissions).toEqual([])
    expect(host.localStore.size).toBe(0)
    expect(host.logging.lines).toEqual([
      { level: 'info', message: 'stop-loss idle: price=300000000000 > trigger=250000000000' },
    ])
  })

  it('triggers and submits once, then dedups', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ uid: UID })
    await onBlock(host, block(0), settings)
    expect(host.cowApi.submissions).toHaveLength(1)
    expect(host.cowApi.submissions[0]?.chainId).toBe(SEPOLIA)
    expect(host.cowApi.lastBodyAsJson()).toMatchObject({
      signingScheme: 'presign',
      signature: '0x',
      from: settings.owner,
    })
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: `stop-loss TRIGGERED: price=200000000000 <= trigger=250000000000, uid=${UID}` },
    ])
    expect(keys(host)).toEqual([`submitted:${UID}`])
    expect(host.decisions.reported).toEqual([
      { uid: UID, decision: 'submitted', backoffSeconds: undefined, status: 201, errorType: undefined },
    ])

    await onBlock(host, block(1), settings)
    expect(host.cowApi.submissions).toHaveLength(1)
    expect(host.logging.lines.at(-1)).toEqual({ level: 'info', message: `stop-loss: ${UID} already submitted, idle` })
    expect(decisions(host)).toEqual(['submitted'])
  })

  it('a permanent rejection marks the UID dropped and never posts it again', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ error: orderbookRejection(400, 'InvalidSignature', 'bad sig') })
    await onBlock(host, block(0), settings)
    expect(keys(host)).toEqual([`dropped:${UID}`])
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: `stop-loss dropped ${UID} (400): orderbook error (InvalidSignature): bad sig` },
    ])
    await onBlock(host, block(1), settings)
    expect(host.cowApi.submissions).toHaveLength(1)
    expect(host.logging.lines.at(-1)).toEqual({ level: 'info', message: `stop-loss: ${UID} previously dropped, idle` })
    expect(host.decisions.reported).toEqual([
      { uid: UID, decision: 'drop', backoffSeconds: undefined, status: 400, errorType: 'InvalidSignature' },
    ])
  })

  it('a transient rejection leaves no state and retries next block', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ error: orderbookRejection(400, 'InsufficientFee', 'fee too low') })
    await onBlock(host, block(0), settings)
    await onBlock(host, block(1), settings)
    expect(host.localStore.size).toBe(0)
    expect(host.cowApi.submissions).toHaveLength(2)
    expect(host.logging.messages('warn')).toEqual([
      'stop-loss retry on next block (400): orderbook error (InsufficientFee): fee too low',
      'stop-loss retry on next block (400): orderbook error (InsufficientFee): fee too low',
    ])
    expect(decisions(host)).toEqual(['try-next-block', 'try-next-block'])
  })

  it('an oracle RPC error is a warning; nothing is posted or stored', async () => {
    const host = new MockHost({ moduleName: 'stop-loss', orderbookPolicy: shippedPolicy() })
    host.chain.fail('eth_call', JSON.stringify([{ to: FEED, data: '0xfeaf968c' }, 'latest']), {
      domain: 'chain',
      kind: 'timeout',
      code: 504,
      message: 'upstream timed out',
    })
    await expect(onBlock(host, block(0), settings)).resolves.toBeUndefined()
    expect(host.cowApi.submissions).toEqual([])
    expect(host.localStore.size).toBe(0)
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: 'stop-loss oracle eth_call failed (504): upstream timed out' },
    ])
  })

  it('an oracle answer that does not decode skips the block silently', async () => {
    const host = new MockHost({ moduleName: 'stop-loss', orderbookPolicy: shippedPolicy() })
    host.chain.respondEthCall(FEED, '0xfeaf968c', '0x')
    await onBlock(host, block(0), settings)
    expect(host.logging.lines).toEqual([])
    expect(host.cowApi.submissions).toEqual([])
  })
})

describe('stop-loss onBlock: each decision of the orderbook table', () => {
  it('TransferSimulationFailed (the M3 runbook line) → try-next-block, posted again every block', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({
      error: orderbookRejection(400, 'TransferSimulationFailed', 'sell token cannot be transferred'),
    })
    for (const n of [0, 1, 2]) await onBlock(host, block(n), settings)
    expect(host.cowApi.submissions).toHaveLength(3)
    expect(host.logging.lines[0]).toEqual({
      level: 'warn',
      message:
        'stop-loss retry on next block (400): orderbook error (TransferSimulationFailed): sell token cannot be transferred',
    })
    expect(host.decisions.reported[0]).toEqual({
      uid: UID,
      decision: 'try-next-block',
      backoffSeconds: undefined,
      status: 400,
      errorType: 'TransferSimulationFailed',
    })
    expect(host.localStore.size).toBe(0)
  })

  it.each([
    ['a 502', orderbookRejection(502, undefined, '', { body: '<html>bad gateway</html>' }), 'orderbook answered 502'],
    [
      'a transport failure',
      new HostError({
        domain: 'cow-api',
        kind: 'unavailable',
        code: 0,
        message: 'orderbook unreachable: ECONNREFUSED',
      }),
      'orderbook unreachable: ECONNREFUSED',
    ],
  ])('%s → try-next-block', async (_name, error, message) => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ error })
    await onBlock(host, block(0), settings)
    expect(decisions(host)).toEqual(['try-next-block'])
    expect(host.logging.messages('warn')).toEqual([`stop-loss retry on next block (${error.code}): ${message}`])
  })

  it.each(['DuplicatedOrder', 'DuplicateOrder'])(
    '%s → already-submitted: marked, never posted again',
    async (errorType) => {
      const host = hostAtPrice(BELOW)
      host.cowApi.always({ error: orderbookRejection(400, errorType, 'order already exists') })
      await onBlock(host, block(0), settings)
      expect(keys(host)).toEqual([`submitted:${UID}`])
      expect(host.logging.lines).toEqual([
        { level: 'info', message: `stop-loss: ${UID} already submitted (orderbook: ${errorType})` },
      ])
      expect(host.decisions.reported).toEqual([
        { uid: UID, decision: 'already-submitted', backoffSeconds: undefined, status: 400, errorType },
      ])
      await onBlock(host, block(1), settings)
      expect(host.cowApi.submissions).toHaveLength(1)
      expect(host.logging.lines.at(-1)?.message).toBe(`stop-loss: ${UID} already submitted, idle`)
    },
  )

  it('InsufficientBalance → backoff 600 s by block time, then posts again once it has passed', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.queue({
      error: orderbookRejection(
        400,
        'InsufficientBalance',
        'order owner must have funds worth at least x in his account',
      ),
    })
    host.cowApi.always({ uid: UID })
    await onBlock(host, block(0), settings)
    const due = T0 + 600
    expect(host.localStore.text(`backoff:${UID}`)).toBe(String(due))
    expect(host.logging.lines).toEqual([
      {
        level: 'warn',
        message:
          'stop-loss backoff 600s (400): orderbook error (InsufficientBalance): order owner must have funds worth at least x in his account',
      },
    ])
    expect(host.decisions.reported).toEqual([
      { uid: UID, decision: 'backoff', backoffSeconds: 600, status: 400, errorType: 'InsufficientBalance' },
    ])

    await onBlock(host, block(1), settings) // 12 s later
    expect(host.cowApi.submissions).toHaveLength(1)
    expect(host.logging.lines.at(-1)).toEqual({ level: 'info', message: `stop-loss: ${UID} backing off until ${due}` })

    await onBlock(host, block(50), settings) // T0 + 600: due
    expect(host.cowApi.submissions).toHaveLength(2)
    expect(keys(host)).toEqual([`submitted:${UID}`]) // the backoff is cleared on success
    expect(decisions(host)).toEqual(['backoff', 'submitted'])
  })

  it('the backoff follows block time, not the host clock', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ error: orderbookRejection(400, 'TooManyLimitOrders', 'too many') })
    host.clock.set((T0 + 86_400) * 1000) // the clock is a day ahead; it must not matter
    await onBlock(host, block(0), settings)
    expect(host.localStore.text(`backoff:${UID}`)).toBe(String(T0 + 3600))
    await onBlock(host, block(1), settings)
    expect(host.cowApi.submissions).toHaveLength(1)
  })

  it('429 with Retry-After → backoff that many seconds', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ error: orderbookRejection(429, undefined, '', { retryAfterSeconds: 30 }) })
    await onBlock(host, block(0), settings)
    expect(host.localStore.text(`backoff:${UID}`)).toBe(String(T0 + 30))
    expect(host.logging.messages('warn')).toEqual([
      'stop-loss backoff 30s (429): orderbook answered 429 (retry-after 30)',
    ])
  })

  it('an unknown errorType → backoff 600, logged at error level naming the type', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ error: orderbookRejection(400, 'SomethingNew', 'from the future') })
    await onBlock(host, block(0), settings)
    expect(host.localStore.text(`backoff:${UID}`)).toBe(String(T0 + 600))
    expect(host.logging.lines).toEqual([
      {
        level: 'error',
        message:
          'stop-loss backoff 600s (400): orderbook error (SomethingNew): from the future [unknown orderbook errorType "SomethingNew"]',
      },
    ])
    expect(host.decisions.reported[0]).toMatchObject({
      decision: 'backoff',
      backoffSeconds: 600,
      errorType: 'SomethingNew',
    })
  })

  it('a 403 → drop', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ error: orderbookRejection(403, 'Forbidden', 'nope') })
    await onBlock(host, block(0), settings)
    expect(keys(host)).toEqual([`dropped:${UID}`])
    expect(decisions(host)).toEqual(['drop'])
  })

  it('warns about uid drift and reports under the local UID', async () => {
    const other = `0x${'cd'.repeat(56)}`
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ uid: other })
    await onBlock(host, block(0), settings)
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: `stop-loss uid drift: local=${UID} server=${other}` },
      { level: 'warn', message: `stop-loss TRIGGERED: price=200000000000 <= trigger=250000000000, uid=${other}` },
    ])
    expect(keys(host)).toEqual([`submitted:${UID}`])
    await onBlock(host, block(1), settings)
    expect(host.cowApi.submissions).toHaveLength(1)
  })
})

describe('stop-loss onBlock: failures', () => {
  it('a store error propagates as the dispatch failure', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ uid: UID })
    const diskFull = new HostError({ domain: 'local-store', kind: 'internal', code: 0, message: 'disk full' })
    host.localStore.failWith(diskFull)
    await expect(onBlock(host, block(0), settings)).rejects.toBe(diskFull)
    expect(host.cowApi.submissions).toEqual([])
  })

  it('a store error while recording propagates and reports nothing', async () => {
    const host = hostAtPrice(BELOW)
    host.cowApi.always({ error: orderbookRejection(400, 'InvalidSignature', 'bad sig') })
    const original = host.localStore.set.bind(host.localStore)
    host.localStore.set = async (key, value) => {
      if (key.startsWith('dropped:'))
        throw new HostError({ domain: 'local-store', kind: 'internal', code: 0, message: 'disk full' })
      return original(key, value)
    }
    await expect(onBlock(host, block(0), settings)).rejects.toMatchObject({
      domain: 'local-store',
      message: 'disk full',
    })
    expect(host.decisions.reported).toEqual([])
  })

  it('a chain without cowprotocol skips the block with the build warning', async () => {
    const host = hostAtPrice(BELOW)
    await onBlock(host, block(0, 5), settings)
    expect(host.cowApi.submissions).toEqual([])
    expect(host.logging.lines).toEqual([
      {
        level: 'warn',
        message:
          'stop-loss skipped (build): stop-loss: chain 5 not supported by cowprotocol (code=0, kind=unsupported)',
      },
    ])
  })
})
