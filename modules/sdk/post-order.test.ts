import { describe, expect, it } from 'vitest'
import type { Hex } from '../../engine/module-api/index.js'
import { shippedPolicy } from '../../test/support/orderbook-policy.js'
import { MockHost, orderbookRejection } from './testing/index.js'
import { postOrder } from './post-order.js'

const UID = `0x${'ab'.repeat(56)}` as Hex
const BODY = { sellToken: '0x01' }
/** A block at unix second `nowSec`, one every 12 s. */
const at = (nowSec: number) => ({ nowSec, number: Math.floor(nowSec / 12) })
const policyHost = (name = 'default') => new MockHost({ orderbookPolicy: shippedPolicy(name) })

describe('postOrder', () => {
  it('posts, records submitted under the local UID and reports it', async () => {
    const host = policyHost()
    host.cowApi.queue({ uid: UID })
    const result = await postOrder(host, 11155111, UID, BODY, at(1_750_000_000))
    expect(result).toEqual({ posted: true, accepted: true, serverUid: UID })
    expect(host.cowApi.submissions).toHaveLength(1)
    expect(await host.localStore.get(`submitted:${UID}`)).toBeDefined()
    expect(host.decisions.reported.map((d) => d.decision)).toEqual(['submitted'])
    expect(await postOrder(host, 11155111, UID, BODY, at(1_750_000_012))).toEqual({
      posted: false,
      gate: { post: false, reason: 'submitted' },
    })
    expect(host.cowApi.submissions).toHaveLength(1)
  })

  it('classifies a rejection, stores a backoff and refuses to post before it is due', async () => {
    const host = policyHost()
    host.cowApi.queue({ error: orderbookRejection(400, 'InsufficientBalance', 'owner has no balance') })
    const first = await postOrder(host, 11155111, UID, BODY, at(1_000))
    expect(first).toMatchObject({ posted: true, accepted: false, outcome: { decision: 'backoff', seconds: 600 } })
    expect(await postOrder(host, 11155111, UID, BODY, at(1_599))).toEqual({
      posted: false,
      gate: { post: false, reason: 'backoff', dueSec: 1_600 },
    })
    host.cowApi.queue({ uid: UID })
    expect(await postOrder(host, 11155111, UID, BODY, at(1_600))).toMatchObject({ posted: true, accepted: true })
    expect(host.decisions.reported.map((d) => d.decision)).toEqual(['backoff', 'submitted'])
  })

  it('never posts a dropped UID again', async () => {
    const host = policyHost()
    host.cowApi.queue({ error: orderbookRejection(400, 'InvalidSignature', 'bad signature') })
    expect(await postOrder(host, 11155111, UID, BODY, at(1))).toMatchObject({ outcome: { decision: 'drop' } })
    expect(await postOrder(host, 11155111, UID, BODY, at(2))).toEqual({
      posted: false,
      gate: { post: false, reason: 'dropped' },
    })
    expect(host.cowApi.submissions).toHaveLength(1)
  })

  it('drop-on-repeat: the policy decides how many blocks a repeat may take, memory in the store', async () => {
    const invalid = () => ({ error: orderbookRejection(400, 'InvalidEip1271Signature', 'invalid signature') })
    const decisions = async (policy: string) => {
      const host = policyHost(policy)
      const seen: string[] = []
      for (let block = 100; block < 110; block++) {
        host.cowApi.queue(invalid())
        const result = await postOrder(host, 11155111, UID, BODY, { nowSec: block * 12, number: block })
        if (!result.posted) break
        if (!result.accepted) seen.push(result.outcome.decision)
      }
      return { seen, posts: host.cowApi.submissions.length }
    }
    expect(await decisions('default')).toEqual({
      seen: ['try-next-block', 'try-next-block', 'try-next-block', 'drop'],
      posts: 4,
    })
    expect(await decisions('shepherd')).toEqual({ seen: ['try-next-block', 'drop'], posts: 2 })
    expect((await decisions('watch-tower')).seen).toEqual(Array(10).fill('try-next-block'))
  })

  it('the module gets the policy from its host: no policy, no classification', async () => {
    const host = new MockHost()
    host.cowApi.queue({ error: orderbookRejection(400, 'InvalidSignature', 'bad signature') })
    await expect(postOrder(host, 11155111, UID, BODY, at(1))).rejects.toThrow(/no orderbook policy/)
  })

  it('lets a non-HostError from the host through (a trap)', async () => {
    const host = policyHost()
    host.cowApi.submitOrder = async () => {
      throw new TypeError('broken host')
    }
    await expect(postOrder(host, 11155111, UID, BODY, at(1))).rejects.toThrow(TypeError)
  })
})
