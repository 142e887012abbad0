// Anvil nodes for Anvil-mode runs, leased from prool's keyed pool: at most `limit` slots, each
// lease boots its own node for one chain and halts it on release, so nothing runs between
// scenarios and every scenario starts on a fresh chain. Leases are handed out in request order.
// Slots are started with port 0: prool's own port probe (get-port) would bind 0.0.0.0.
import { BaseError } from '../../engine/errors/base-error.js'
import type { AnvilProcess, StartAnvilOptions } from './start-anvil.js'
import { type AnvilSlot, anvilSlot } from './anvil-instance.js'
import { Pool } from './prool.js'

export interface AnvilLease {
  readonly anvil: AnvilProcess
  release(): Promise<void>
}

export interface AnvilPool {
  readonly limit: number
  /** Waits for a free slot, then boots anvil there with these options. */
  lease(options: StartAnvilOptions): Promise<AnvilLease>
  /** Halts every node; pending leases are refused. Idempotent. */
  close(): Promise<void>
}

export class AnvilPoolClosedError extends BaseError {
  override readonly name = 'AnvilPoolClosedError'
}

export function createAnvilPool(limit: number): AnvilPool {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`anvil pool limit must be ≥ 1, got ${limit}`)
  const pool = Pool.define({ instance: anvilSlot(), limit })
  const free = Array.from({ length: limit }, (_, i) => i + 1)
  const waiting: { grant(slot: number): void; refuse(error: Error): void }[] = []
  let closing: Promise<void> | undefined

  const takeSlot = (): Promise<number> => {
    const slot = free.shift()
    if (slot !== undefined) return Promise.resolve(slot)
    return new Promise<number>((grant, refuse) => waiting.push({ grant, refuse }))
  }
  const giveBack = (slot: number) => {
    const next = waiting.shift()
    if (next) next.grant(slot)
    else free.push(slot)
  }

  return {
    limit,
    async lease(options) {
      if (closing) throw new AnvilPoolClosedError('the anvil pool is closed')
      const slot = await takeSlot()
      let node: AnvilSlot
      let anvil: AnvilProcess
      try {
        if (closing) throw new AnvilPoolClosedError('the anvil pool is closed')
        node = (pool.get(slot) ?? (await pool.start(slot, { port: 0 })))._internal as AnvilSlot
        anvil = await node.boot(options)
      } catch (error) {
        giveBack(slot)
        throw error
      }
      let released: Promise<void> | undefined
      return {
        anvil,
        release() {
          released ??= node.halt().finally(() => giveBack(slot))
          return released
        },
      }
    },
    close() {
      closing ??= (async () => {
        for (const w of waiting.splice(0)) w.refuse(new AnvilPoolClosedError('the anvil pool is closed'))
        await pool.destroyAll()
      })()
      return closing
    },
  }
}
