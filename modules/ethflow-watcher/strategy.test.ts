import { describe, it, expect } from 'vitest'
import type { Hex } from '../sdk/index.js'
import { ETHFLOW_STAGING, HostError, decodeOrderPlacement } from '../sdk/index.js'
import { MockHost } from '../sdk/testing/index.js'
import { placementUid } from './placement-uid.js'
import { observedKey, onLogs } from './strategy.js'
import { NOT_FOUND_BODY, ORDER, PRODUCTION, SENDER, SEPOLIA, orderBody, placementLog } from './test-fixtures.js'

const UID = placementUid(SEPOLIA, decodeOrderPlacement(placementLog())!)
const PATH = `/api/v1/orders/${UID}`
const keys = (host: MockHost) => host.localStore.snapshot().map(([k]) => k)
const newHost = () => new MockHost({ moduleName: 'ethflow-watcher' })

describe('ethflow-watcher: observing a placement', () => {
  it('200: marks observed:<uid> and logs the orderbook status', async () => {
    const host = newHost()
    host.cowApi.respondRequest('GET', PATH, orderBody(UID, 'open'))
    await onLogs(host, [placementLog()])
    expect(host.cowApi.requests).toEqual([{ chainId: SEPOLIA, method: 'GET', path: PATH, body: undefined }])
    expect(keys(host)).toEqual([`observed:${UID}`])
    expect(host.localStore.text(`observed:${UID}`)).toBe('')
    expect(host.logging.lines).toEqual([{ level: 'info', message: `ethflow observed ${UID} status=open` }])
  })

  it('never posts an order and reports no decision', async () => {
    const host = newHost()
    host.cowApi.respondRequest('GET', PATH, orderBody(UID))
    await onLogs(host, [placementLog()])
    expect(host.cowApi.submissions).toEqual([])
    expect(host.decisions.reported).toEqual([])
  })

  it('dedups by UID: a redelivered log of an observed order asks nothing', async () => {
    const host = newHost()
    host.cowApi.respondRequest('GET', PATH, orderBody(UID, 'fulfilled'))
    await onLogs(host, [placementLog()])
    await onLogs(host, [placementLog()])
    expect(host.cowApi.requests).toHaveLength(1)
    expect(host.logging.lines.at(-1)).toEqual({ level: 'info', message: `ethflow ${UID} already observed; skipping` })
  })

  it('404: logs not-yet-indexed, leaves no marker, and asks again when the log comes again', async () => {
    const host = newHost()
    host.cowApi.respondRequest('GET', PATH, NOT_FOUND_BODY)
    await onLogs(host, [placementLog()])
    expect(host.localStore.size).toBe(0)
    expect(host.logging.lines).toEqual([{ level: 'info', message: `ethflow ${UID} not yet indexed by the orderbook` }])
    host.cowApi.respondRequest('GET', PATH, orderBody(UID, 'open'))
    await onLogs(host, [placementLog()])
    expect(host.cowApi.requests).toHaveLength(2)
    expect(keys(host)).toEqual([`observed:${UID}`])
  })

  it('another answer warns with the body and leaves no marker', async () => {
    const host = newHost()
    host.cowApi.respondRequest('GET', PATH, '<html>502 Bad Gateway</html>')
    await onLogs(host, [placementLog()])
    expect(host.localStore.size).toBe(0)
    expect(host.logging.lines).toEqual([
      { level: 'warn', message: `ethflow lookup failed for ${UID}: <html>502 Bad Gateway</html>` },
    ])
  })

  it('a failed request (transport, timeout) warns with the host error and leaves no marker', async () => {
    const host = newHost()
    host.cowApi.request = async () => {
      throw new HostError({
        domain: 'cow-api',
        kind: 'timeout',
        code: 0,
        message: 'orderbook GET /api/v1/orders/x timed out after 10000 ms',
      })
    }
    await onLogs(host, [placementLog()])
    expect(host.localStore.size).toBe(0)
    expect(host.logging.lines).toEqual([
      {
        level: 'warn',
        message: `ethflow lookup failed for ${UID}: cow-api: orderbook GET /api/v1/orders/x timed out after 10000 ms (code=0, kind=timeout)`,
      },
    ])
  })

  it('observes placements from the staging contract too, under the staging owner', async () => {
    const host = newHost()
    const log = placementLog({ address: ETHFLOW_STAGING.toLowerCase() as Hex })
    const uid = placementUid(SEPOLIA, decodeOrderPlacement(log)!)
    host.cowApi.respondRequest('GET', `/api/v1/orders/${uid}`, orderBody(uid, 'open'))
    await onLogs(host, [log])
    expect(keys(host)).toEqual([`observed:${uid}`])
  })

  it('handles each log of a batch on its own', async () => {
    const host = newHost()
    const second = placementLog({ order: { ...ORDER, sellAmount: 2n * 10n ** 17n } })
    const uid2 = placementUid(SEPOLIA, decodeOrderPlacement(second)!)
    host.cowApi
      .respondRequest('GET', PATH, NOT_FOUND_BODY)
      .respondRequest('GET', `/api/v1/orders/${uid2}`, orderBody(uid2, 'open'))
    await onLogs(host, [placementLog(), second])
    expect(keys(host)).toEqual([observedKey(uid2)])
    expect(host.logging.messages()).toEqual([
      `ethflow ${UID} not yet indexed by the orderbook`,
      `ethflow observed ${uid2} status=open`,
    ])
  })
})

describe('ethflow-watcher: logs it cannot use', () => {
  it('ignores another address, another topic and an undecodable body silently', async () => {
    const host = newHost()
    const log = placementLog()
    await onLogs(host, [
      { ...log, address: '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74' },
      { ...log, topics: [`0x${'00'.repeat(32)}`, ...log.topics.slice(1)] },
      { ...log, data: '0x1234' },
    ])
    expect(host.cowApi.requests).toEqual([])
    expect(host.logging.lines).toEqual([])
  })

  it('a decoded placement without a UID warns with the Rust engine’s line', async () => {
    const host = newHost()
    await onLogs(host, [placementLog({ order: { ...ORDER, kind: `0x${'00'.repeat(32)}` } })])
    await onLogs(host, [placementLog({ chainId: 31337 })])
    expect(host.cowApi.requests).toEqual([])
    expect(host.logging.lines).toEqual([
      {
        level: 'warn',
        message: `ethflow submit skipped (sender=${SENDER}): GPv2OrderData carried an unknown enum marker`,
      },
      {
        level: 'warn',
        message: `ethflow submit skipped (sender=${SENDER}): chain 31337 is not supported by cowprotocol`,
      },
    ])
  })

  it('a store failure propagates as the host error', async () => {
    const host = newHost()
    host.localStore.failWith({ domain: 'local-store', kind: 'internal', code: 0, message: 'disk full' })
    await expect(onLogs(host, [placementLog()])).rejects.toMatchObject({ name: 'HostError', message: 'disk full' })
    expect(host.cowApi.requests).toEqual([])
  })
})

it('observedKey is lowercase', () => {
  expect(observedKey(`0x${'AB'.repeat(56)}`)).toBe(`observed:0x${'ab'.repeat(56)}`)
  expect(PRODUCTION).toBe('0xba3cb449bd2b4adddbc894d8697f5170800eadec')
})
