// `[[subscription]]` in module.toml and `subscriptions` in an engine's module entry: one shape.
import * as z from 'zod'
import type { Hex } from '../module-api/events.js'
import type { Subscription } from './types.js'

const CHAIN_ID = 'a chain id (an integer from 1 to 2^53-1)'
const ADDRESS = 'an address (0x and 40 hex digits)'
const TOPIC = 'an event signature hash (0x and 64 hex digits)'
const SCHEDULE = 'a schedule (a non-empty string)'

export const chainIdSchema = z.number({ error: CHAIN_ID }).int({ error: CHAIN_ID }).min(1, { error: CHAIN_ID })

const addressSchema = z.string({ error: ADDRESS }).regex(/^0x[0-9a-fA-F]{40}$/, { error: ADDRESS })
const topicSchema = z.string({ error: TOPIC }).regex(/^0x[0-9a-fA-F]{64}$/, { error: TOPIC })

export const subscriptionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('block'), chain_id: chainIdSchema }),
  z.strictObject({
    kind: z.literal('log'),
    chain_id: chainIdSchema,
    address: addressSchema.optional(),
    event_signature: topicSchema.optional(),
  }),
  z.strictObject({ kind: z.literal('cron'), schedule: z.string({ error: SCHEDULE }).min(1, { error: SCHEDULE }) }),
])

export type RawSubscription = z.infer<typeof subscriptionSchema>

/** Validated raw entry to the engine's shape; hex is normalised to lowercase. */
export function toSubscription(raw: RawSubscription): Subscription {
  switch (raw.kind) {
    case 'block':
      return { kind: 'block', chainId: raw.chain_id }
    case 'log': {
      const sub: Subscription = { kind: 'log', chainId: raw.chain_id }
      if (raw.address !== undefined) sub.address = raw.address.toLowerCase() as Hex
      if (raw.event_signature !== undefined) sub.eventSignature = raw.event_signature.toLowerCase() as Hex
      return sub
    }
    case 'cron':
      return { kind: 'cron', schedule: raw.schedule }
  }
}
