import { describe, expect, it } from 'vitest'
import type { Hex } from '../../engine/module-api/index.js'
import { MockHost, orderbookRejection } from './testing/index.js'
import { postOrder } from './post-order.js'

const UID = `0x${'ab'.repeat(56)}` as Hex
const BODY = { sellToken: '0x01' }

describe('postOrder', () => {
  it('posts, records submitted under the local UID and reports it', async () => {
    const host = new MockHost()
    host.cowApi.queue({ uid: UID })
    const result = await postOrder(host, 11155111, UID, BODY, 1_750_000_000)
    expect(result).toEqual({ posted: true, accepted: true, serverUid: UID })
    expect(host.cowApi.submissions).toHaveLength(1)
    expect(await host.localStore.get(`submitted:${UID}`)).toBeDefined()
    expect(host.decisions.reported.map((d) => d.decision)).toEqual(['submitted'])
    expect(await postOrder(host, 11155111, UID, BODY, 1_750_000_012)).toEqual({
      posted: false,
      gate: { post: false, reason: 'submitted' },
    })
    expect(host.cowApi.submissions).toHaveLength(1)
  })

  it('classifies a rejection, stores a backoff and refuses to post before it is due', async () => {
    const host = new MockHost()
    host.cowApi.queue({ error: orderbookRejection(400, 'InsufficientBalance', 'owner has no balance') })
    const first = await postOrder(host, 11155111, UID, BODY, 1_000)
    expect(first).toMatchObject({ posted: true, accepted: false, outcome: { decision: 'backoff', seconds: 600 } })
    expect(await postOrder(host, 11155111, UID, BODY, 1_599)).toEqual({
      posted: false,
      gate: { post: false, reason: 'backoff', dueSec: 1_600 },
    })
    host.cowApi.queue({ uid: UID })
    expect(await postOrder(host, 11155111, UID, BODY, 1_600)).toMatchObject({ posted: true, accepted: true })
    expect(host.decisions.reported.map((d) => d.decision)).toEqual(['backoff', 'submitted'])
  })

  it('never posts a dropped UID again', async () => {
    const host = new MockHost()
    host.cowApi.queue({ error: orderbookRejection(400, 'InvalidSignature', 'bad signature') })
    expect(await postOrder(host, 11155111, UID, BODY, 1)).toMatchObject({ outcome: { decision: 'drop' } })
    expect(await postOrder(host, 11155111, UID, BODY, 2)).toEqual({
      posted: false,
      gate: { post: false, reason: 'dropped' },
    })
    expect(host.cowApi.submissions).toHaveLength(1)
  })

  it('lets a non-HostError from the host through (a trap)', async () => {
    const host = new MockHost()
    host.cowApi.submitOrder = async () => {
      throw new TypeError('broken host')
    }
    await expect(postOrder(host, 11155111, UID, BODY, 1)).rejects.toThrow(TypeError)
  })
})
