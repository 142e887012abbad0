import { describe, expect, it } from 'vitest'
import { subscriptionSchema, toSubscription } from './subscription-schema.js'

const ADDRESS = '0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74'
const TOPIC = '0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361'
const parse = (raw: unknown) => toSubscription(subscriptionSchema.parse(raw))

describe('subscriptionSchema + toSubscription', () => {
  it('accepts block, log and cron entries', () => {
    expect(parse({ kind: 'block', chain_id: 11155111 })).toEqual({ kind: 'block', chainId: 11155111 })
    expect(parse({ kind: 'log', chain_id: 1 })).toEqual({ kind: 'log', chainId: 1 })
    expect(parse({ kind: 'cron', schedule: '*/5 * * * *' })).toEqual({ kind: 'cron', schedule: '*/5 * * * *' })
  })

  it('lowercases log address and event signature', () => {
    expect(
      parse({ kind: 'log', chain_id: 1, address: ADDRESS, event_signature: TOPIC.toUpperCase().replace('0X', '0x') }),
    ).toEqual({ kind: 'log', chainId: 1, address: ADDRESS.toLowerCase(), eventSignature: TOPIC })
  })

  it.each([
    ['unknown kind', { kind: 'tick', chain_id: 1 }],
    ['missing kind', { chain_id: 1 }],
    ['block without chain id', { kind: 'block' }],
    ['chain id as a string', { kind: 'block', chain_id: '1' }],
    ['fractional chain id', { kind: 'block', chain_id: 1.5 }],
    ['zero chain id', { kind: 'block', chain_id: 0 }],
    ['huge chain id', { kind: 'block', chain_id: 2n ** 64n }],
    ['short address', { kind: 'log', chain_id: 1, address: '0x1234' }],
    ['address without 0x', { kind: 'log', chain_id: 1, address: `${ADDRESS.slice(2)}00` }],
    ['non-hex topic', { kind: 'log', chain_id: 1, event_signature: `0x${'g'.repeat(64)}` }],
    ['topics key (not supported)', { kind: 'log', chain_id: 1, topics: [TOPIC] }],
    ['address on a block entry', { kind: 'block', chain_id: 1, address: ADDRESS }],
    ['cron without schedule', { kind: 'cron' }],
    ['empty schedule', { kind: 'cron', schedule: '' }],
  ])('refuses %s', (_, raw) => {
    expect(subscriptionSchema.safeParse(raw).success).toBe(false)
  })
})
