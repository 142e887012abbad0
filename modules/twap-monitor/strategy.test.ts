import { describe, it, expect } from 'vitest'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'
import type { Hex } from '../sdk/index.js'
import {
  COMPOSABLE_COW,
  HostError,
  appDataHash,
  conditionalOrderId,
  decodeU64Le,
  encodeConditionalOrderParams,
  encodeGetTradeableOrderWithSignature,
  hexToBytes,
} from '../sdk/index.js'
import { MockHost, encodeTradeableOrder, orderbookRejection } from '../sdk/testing/index.js'
import { onBlock } from './strategy.js'
import { OTHER_SAFE, PARAMS, REVERTS, SAFE, SEPOLIA, SIGNATURE, T0, TRANCHE, block } from './test-fixtures.js'
import { buildTrancheOrder } from './tranche-order.js'

const HASH = conditionalOrderId(PARAMS)
const KEY = `watch:${SAFE}:${HASH}`
const NEXT_BLOCK = `next_block:${SAFE}:${HASH}`
const NEXT_EPOCH = `next_epoch:${SAFE}:${HASH}`
const CALL = encodeGetTradeableOrderWithSignature({ owner: SAFE, params: PARAMS })
const UID = buildTrancheOrder(SEPOLIA, SAFE, TRANCHE, SIGNATURE).uid

function hostWithWatch(owner: Hex = SAFE): MockHost {
  const host = new MockHost({ moduleName: 'twap-monitor', orderbookPolicy: shippedPolicy() })
  host.localStore.put(`watch:${owner}:${HASH}`, hexToBytes(encodeConditionalOrderParams(PARAMS))!)
  return host
}
const answerReady = (host: MockHost, order = TRANCHE) =>
  host.chain.respondEthCall(COMPOSABLE_COW, CALL, encodeTradeableOrder(order, SIGNATURE))
const answerRevert = (host: MockHost, data: Hex) => host.chain.revertEthCall(COMPOSABLE_COW, CALL, data)
const keys = (host: MockHost) => host.localStore.snapshot().map(([k]) => k)
const u64 = async (host: MockHost, key: string) => decodeU64Le((await host.localStore.get(key))!)
const polls = (host: MockHost) => host.chain.callCount('eth_call')

describe('twap-monitor block path: polling', () => {
  it('makes no RPC at all without watches', async () => {
    const host = new MockHost({ orderbookPolicy: shippedPolicy() })
    await onBlock(host, block(0))
    expect(host.chain.calls).toEqual([])
    expect(host.logging.lines).toEqual([])
  })

  it('polls getTradeableOrderWithSignature(owner, params, 0x, []) on ComposableCoW at latest', async () => {
    const host = hostWithWatch()
    answerRevert(host, REVERTS.pollTryNextBlock('not yet'))
    await onBlock(host, block(0))
    expect(host.chain.calls).toEqual([
      {
        chainId: SEPOLIA,
        method: 'eth_call',
        params: JSON.stringify([{ to: COMPOSABLE_COW.toLowerCase(), data: CALL }, 'latest']),
      },
    ])
    expect(CALL.slice(0, 10)).toBe('0x26e0a196')
  })

  it('PollTryNextBlock: logs the outcome, sets no gate, polls again next block', async () => {
    const host = hostWithWatch()
    answerRevert(host, REVERTS.pollTryNextBlock('too early'))
    await onBlock(host, block(0))
    await onBlock(host, block(1))
    expect(polls(host)).toBe(2)
    expect(keys(host)).toEqual([KEY])
    expect(host.logging.lines).toEqual([
      { level: 'info', message: `poll ${KEY} -> TryNextBlock` },
      { level: 'info', message: `poll ${KEY} -> TryNextBlock` },
    ])
  })

  it('PollTryAtBlock(n): sets next_block = n; blocks before n make no RPC; block n polls', async () => {
    const host = hostWithWatch()
    const n = BigInt(block(3).number)
    answerRevert(host, REVERTS.pollTryAtBlock(n, 'wait'))
    await onBlock(host, block(0))
    expect(await u64(host, NEXT_BLOCK)).toBe(n)
    expect(host.logging.messages()).toEqual([`poll ${KEY} -> TryOnBlock`])
    await onBlock(host, block(1))
    await onBlock(host, block(2))
    expect(polls(host)).toBe(1)
    await onBlock(host, block(3))
    expect(polls(host)).toBe(2)
  })

  it('PollTryAtEpoch(t): sets next_epoch = t, compared with the block timestamp in seconds', async () => {
    const host = hostWithWatch()
    const t = BigInt(T0 + 30)
    answerRevert(host, REVERTS.pollTryAtEpoch(t, 'next part'))
    await onBlock(host, block(0)) // T0
    expect(await u64(host, NEXT_EPOCH)).toBe(t)
    expect(host.logging.messages()).toEqual([`poll ${KEY} -> TryAtEpoch`])
    await onBlock(host, block(1)) // T0 + 12
    await onBlock(host, block(2)) // T0 + 24
    expect(polls(host)).toBe(1)
    await onBlock(host, block(3)) // T0 + 36
    expect(polls(host)).toBe(2)
  })

  it('saturates a block number beyond u64 instead of failing', async () => {
    const host = hostWithWatch()
    answerRevert(host, REVERTS.pollTryAtBlock(2n ** 80n, 'far'))
    await onBlock(host, block(0))
    expect(await u64(host, NEXT_BLOCK)).toBe(2n ** 64n - 1n)
  })

  it.each([
    ['OrderNotValid', REVERTS.orderNotValid('after twap finished')],
    ['PollNever', REVERTS.pollNever('cancelled')],
  ])('%s: DontTryAgain drops the watch and both gates', async (_name, revert) => {
    const host = hostWithWatch()
    host.localStore.put(NEXT_BLOCK, new Uint8Array(8)).put(NEXT_EPOCH, new Uint8Array(8)).put(`submitted:${UID}`, '')
    answerRevert(host, revert)
    await onBlock(host, block(0))
    expect(keys(host)).toEqual([`submitted:${UID}`])
    expect(host.logging.lines).toEqual([
      { level: 'info', message: `poll ${KEY} -> DontTryAgain` },
      { level: 'info', message: `dropped watch ${KEY}` },
    ])
    await onBlock(host, block(1))
    expect(polls(host)).toBe(1)
  })

  it('an RPC error without revert data warns and defaults to TryNextBlock', async () => {
    const host = hostWithWatch()
    host.chain.fail('eth_call', JSON.stringify([{ to: COMPOSABLE_COW.toLowerCase(), data: CALL }, 'latest']), {
      domain: 'chain',
      kind: 'timeout',
      code: 0,
      message: 'rpc eth_call timed out after 10000 ms',
    })
    await onBlock(host, block(0))
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: 'eth_call failed (rpc eth_call timed out after 10000 ms); defaulting to TryNextBlock' },
      { level: 'info', message: `poll ${KEY} -> TryNextBlock` },
    ])
    expect(keys(host)).toEqual([KEY])
  })

  it('revert data that is not a poll hint (Error(string)) also warns and defaults to TryNextBlock', async () => {
    const host = hostWithWatch()
    answerRevert(host, REVERTS.error('GPv2: order expired'))
    await onBlock(host, block(0))
    expect(host.logging.messages()).toEqual([
      'eth_call failed (execution reverted); defaulting to TryNextBlock',
      `poll ${KEY} -> TryNextBlock`,
    ])
  })

  it('an answer that does not decode is TryNextBlock, silently', async () => {
    const host = hostWithWatch()
    host.chain.respondEthCall(COMPOSABLE_COW, CALL, '0x1234')
    await onBlock(host, block(0))
    host.chain.respond('eth_call', JSON.stringify([{ to: COMPOSABLE_COW.toLowerCase(), data: CALL }, 'latest']), 'null')
    await onBlock(host, block(1))
    expect(host.logging.lines).toEqual([
      { level: 'info', message: `poll ${KEY} -> TryNextBlock` },
      { level: 'info', message: `poll ${KEY} -> TryNextBlock` },
    ])
  })

  it('skips a watch whose value does not decode, with the Rust engine’s warning and no RPC', async () => {
    const host = new MockHost({ orderbookPolicy: shippedPolicy() })
    host.localStore.put(KEY, new Uint8Array([1, 2, 3]))
    await onBlock(host, block(0))
    expect(host.chain.calls).toEqual([])
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: `watch ${KEY} carried unparseable params; skipping` },
    ])
  })

  it('skips malformed watch keys silently', async () => {
    const host = new MockHost({ orderbookPolicy: shippedPolicy() })
    host.localStore.put('watch:not-an-owner:0x12', hexToBytes(encodeConditionalOrderParams(PARAMS))!)
    await onBlock(host, block(0))
    expect(host.chain.calls).toEqual([])
    expect(host.logging.lines).toEqual([])
  })

  it('polls watches in key order, and one watch’s gate does not hold back another', async () => {
    const host = hostWithWatch(SAFE)
    host.localStore.put(`watch:${OTHER_SAFE}:${HASH}`, hexToBytes(encodeConditionalOrderParams(PARAMS))!)
    host.localStore.put(`next_block:${SAFE}:${HASH}`, new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0]))
    host.chain.revertEthCall(
      COMPOSABLE_COW,
      encodeGetTradeableOrderWithSignature({ owner: OTHER_SAFE, params: PARAMS }),
      REVERTS.pollTryNextBlock(''),
    )
    await onBlock(host, block(0))
    expect(host.logging.messages()).toEqual([`poll watch:${OTHER_SAFE}:${HASH} -> TryNextBlock`])
  })
})

describe('twap-monitor block path: a ready tranche', () => {
  it('posts the EIP-1271 order, marks submitted:<uid>, and reports the decision', async () => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.always({ uid: UID })
    await onBlock(host, block(0))
    expect(host.cowApi.submissions).toHaveLength(1)
    expect(host.cowApi.submissions[0]?.chainId).toBe(SEPOLIA)
    expect(host.cowApi.lastBodyAsJson()).toMatchObject({
      signingScheme: 'eip1271',
      signature: SIGNATURE,
      from: SAFE,
      appData: '{}',
    })
    expect(keys(host)).toEqual([`submitted:${UID}`, KEY])
    expect(host.logging.lines).toEqual([
      { level: 'info', message: `poll ${KEY} -> Ready` },
      { level: 'info', message: `submitted submitted:${UID}` },
    ])
    expect(host.decisions.reported).toEqual([
      { uid: UID, decision: 'submitted', backoffSeconds: undefined, status: 201, errorType: undefined },
    ])
  })

  it('COW-1085: the same tranche ready again is not posted again', async () => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.always({ uid: UID })
    await onBlock(host, block(0))
    await onBlock(host, block(1))
    await onBlock(host, block(2))
    expect(polls(host)).toBe(3)
    expect(host.cowApi.submissions).toHaveLength(1)
    expect(host.logging.lines.slice(2)).toEqual([
      { level: 'info', message: `poll ${KEY} -> Ready` },
      { level: 'info', message: `tranche ${UID} already submitted; skipping` },
      { level: 'info', message: `poll ${KEY} -> Ready` },
      { level: 'info', message: `tranche ${UID} already submitted; skipping` },
    ])
    expect(host.decisions.reported).toHaveLength(1)
  })

  it('the next tranche (another UID) is posted even though the first was', async () => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.always((_chain, body) => ({
      uid: (JSON.parse(body) as { validTo: number }).validTo === TRANCHE.validTo ? UID : NEXT_UID,
    }))
    await onBlock(host, block(0))
    const next = { ...TRANCHE, validTo: TRANCHE.validTo + 300 }
    const NEXT_UID = buildTrancheOrder(SEPOLIA, SAFE, next, SIGNATURE).uid
    answerReady(host, next)
    await onBlock(host, block(25))
    expect(host.cowApi.submissions).toHaveLength(2)
    expect(keys(host)).toEqual([`submitted:${UID}`, `submitted:${NEXT_UID}`].sort().concat(KEY))
  })

  it('DuplicatedOrder: already-submitted marks the UID submitted; the watch stays', async () => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.always({ error: orderbookRejection(400, 'DuplicatedOrder', 'order already exists') })
    await onBlock(host, block(0))
    expect(keys(host)).toEqual([`submitted:${UID}`, KEY])
    expect(host.logging.messages()).toEqual([`poll ${KEY} -> Ready`, `submitted submitted:${UID}`])
    expect(host.decisions.reported).toEqual([
      { uid: UID, decision: 'already-submitted', backoffSeconds: undefined, status: 400, errorType: 'DuplicatedOrder' },
    ])
    await onBlock(host, block(1))
    expect(host.cowApi.submissions).toHaveLength(1)
  })

  it.each([
    [
      'TransferSimulationFailed',
      orderbookRejection(400, 'TransferSimulationFailed', 'sell token cannot be transferred'),
    ],
    ['a 5xx', orderbookRejection(502, undefined, '', { body: '<html>bad gateway</html>' })],
    [
      'a transport failure',
      new HostError({
        domain: 'cow-api',
        kind: 'unavailable',
        code: 0,
        message: 'orderbook unreachable: fetch failed',
      }),
    ],
  ])('%s: try-next-block warns, keeps no marker, and posts again next block', async (_name, error) => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.always({ error })
    await onBlock(host, block(0))
    expect(keys(host)).toEqual([KEY])
    expect(host.logging.lines[1]).toEqual({
      level: 'warn',
      message: `submit retry-next-block (${error.code}): ${error.message}`,
    })
    expect(host.decisions.reported.map((d) => d.decision)).toEqual(['try-next-block'])
    await onBlock(host, block(1))
    expect(host.cowApi.submissions).toHaveLength(2)
  })

  it('InsufficientBalance: backoff sets next_epoch = block seconds + 600 and holds the watch until then', async () => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.queue({
      error: orderbookRejection(
        400,
        'InsufficientBalance',
        'order owner must have funds worth at least x in his account',
      ),
    })
    host.cowApi.always({ uid: UID })
    await onBlock(host, block(0))
    const due = T0 + 600
    expect(await u64(host, NEXT_EPOCH)).toBe(BigInt(due))
    expect(host.localStore.text(`backoff:${UID}`)).toBe(String(due))
    expect(host.logging.lines[1]).toEqual({
      level: 'warn',
      message: `submit backoff 600s -> next_epoch=${due} (400): orderbook error (InsufficientBalance): order owner must have funds worth at least x in his account`,
    })
    expect(host.decisions.reported).toEqual([
      { uid: UID, decision: 'backoff', backoffSeconds: 600, status: 400, errorType: 'InsufficientBalance' },
    ])
    await onBlock(host, block(49)) // T0 + 588
    expect(polls(host)).toBe(1)
    await onBlock(host, block(50)) // T0 + 600
    expect(polls(host)).toBe(2)
    expect(host.cowApi.submissions).toHaveLength(2)
    expect(keys(host)).toEqual([`next_epoch:${SAFE}:${HASH}`, `submitted:${UID}`, KEY])
  })

  it('429 with Retry-After backs off by the server’s seconds', async () => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.always({ error: orderbookRejection(429, undefined, '', { retryAfterSeconds: 30 }) })
    await onBlock(host, block(0))
    expect(await u64(host, NEXT_EPOCH)).toBe(BigInt(T0 + 30))
    expect(host.logging.lines[1]?.message).toBe(
      `submit backoff 30s -> next_epoch=${T0 + 30} (429): orderbook answered 429 (retry-after 30)`,
    )
  })

  it('an errorType the table does not know backs off at error level, naming the type', async () => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.always({ error: orderbookRejection(400, 'BrandNewError', 'something new') })
    await onBlock(host, block(0))
    expect(host.logging.lines[1]).toEqual({
      level: 'error',
      message: `submit backoff 600s -> next_epoch=${T0 + 600} (400): orderbook error (BrandNewError): something new [unknown orderbook errorType "BrandNewError"]`,
    })
  })

  it('InvalidSignature: drop deletes the watch and its gates and marks dropped:<uid>', async () => {
    const host = hostWithWatch()
    host.localStore.put(NEXT_EPOCH, new Uint8Array(8))
    answerReady(host)
    host.cowApi.always({ error: orderbookRejection(400, 'InvalidSignature', 'invalid signature') })
    await onBlock(host, block(0))
    expect(keys(host)).toEqual([`dropped:${UID}`])
    expect(host.logging.lines[1]).toEqual({
      level: 'warn',
      message: 'submit dropped watch (400): orderbook error (InvalidSignature): invalid signature',
    })
    expect(host.decisions.reported).toEqual([
      { uid: UID, decision: 'drop', backoffSeconds: undefined, status: 400, errorType: 'InvalidSignature' },
    ])
    await onBlock(host, block(1))
    expect(polls(host)).toBe(1)
  })

  it('a dropped tranche re-indexed by a redelivered log is not posted again', async () => {
    const host = hostWithWatch()
    host.localStore.put(`dropped:${UID}`, '')
    answerReady(host)
    await onBlock(host, block(0))
    expect(host.cowApi.submissions).toEqual([])
    expect(host.logging.messages()).toEqual([`poll ${KEY} -> Ready`, `tranche ${UID} previously dropped; skipping`])
  })

  it('a non-empty appData is skipped locally with the Rust engine’s warning, nothing posted', async () => {
    const host = hostWithWatch()
    answerReady(host, { ...TRANCHE, appData: appDataHash('{"appCode":"CoW Swap"}') })
    await onBlock(host, block(0))
    expect(host.cowApi.submissions).toEqual([])
    expect(host.logging.lines[1]).toEqual({
      level: 'warn',
      message: `twap submit skipped for ${SAFE}: invalid OrderCreation: app_data JSON digest does not match signed app_data hash`,
    })
    expect(host.decisions.reported).toEqual([])
  })

  it('warns on UID drift and keys the marker on the local UID', async () => {
    const host = hostWithWatch()
    answerReady(host)
    const server = `0x${'ab'.repeat(56)}`
    host.cowApi.always({ uid: server })
    await onBlock(host, block(0))
    expect(host.logging.messages()).toContain(`twap uid drift: local=${UID} server=${server}`)
    expect(host.localStore.has(`submitted:${UID}`)).toBe(true)
  })

  it('a store failure propagates as the host error and stops the scan', async () => {
    const host = hostWithWatch()
    answerReady(host)
    host.cowApi.always({ uid: UID })
    const original = host.localStore.get.bind(host.localStore)
    host.localStore.get = async (key: string) => {
      if (key.startsWith('submitted:'))
        throw new HostError({ domain: 'local-store', kind: 'internal', code: 0, message: 'disk full' })
      return original(key)
    }
    await expect(onBlock(host, block(0))).rejects.toMatchObject({ name: 'HostError', message: 'disk full' })
    expect(host.cowApi.submissions).toEqual([])
  })
})
