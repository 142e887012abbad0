// The per-watch gates a poll outcome (or a backoff) leaves behind. Once passed they stay in the
// store, as in the Rust engine; a later outcome overwrites them.
import type { Block, ModuleHost } from '../sdk/index.js'
import { blockSeconds, decodeU64Le, encodeU64Le } from '../sdk/index.js'
import { type WatchId, nextBlockKey, nextEpochKey } from './watch-keys.js'
import { forgetWatch } from './watch-memo.js'

export interface Gates {
  nextBlock?: bigint | undefined
  nextEpoch?: bigint | undefined
}

/** Pure: does a gate hold this block back? */
export function isGated(gates: Gates, block: Block): boolean {
  if (gates.nextBlock !== undefined && BigInt(block.number) < gates.nextBlock) return true
  if (gates.nextEpoch !== undefined && BigInt(blockSeconds(block)) < gates.nextEpoch) return true
  return false
}

export async function readGates(host: ModuleHost, id: WatchId): Promise<Gates> {
  const block = await host.localStore.get(nextBlockKey(id))
  const epoch = await host.localStore.get(nextEpochKey(id))
  return {
    nextBlock: block === undefined ? undefined : decodeU64Le(block),
    nextEpoch: epoch === undefined ? undefined : decodeU64Le(epoch),
  }
}

export async function setNextBlock(host: ModuleHost, id: WatchId, block: bigint): Promise<void> {
  await host.localStore.set(nextBlockKey(id), encodeU64Le(block))
}

export async function setNextEpoch(host: ModuleHost, id: WatchId, epoch: bigint): Promise<void> {
  await host.localStore.set(nextEpochKey(id), encodeU64Le(epoch))
}

/** The watch and both gates go; tranche markers stay (they are keyed on the UID). */
export async function dropWatch(host: ModuleHost, key: string, id: WatchId): Promise<void> {
  await host.localStore.delete(key)
  forgetWatch(host, key)
  await host.localStore.delete(nextBlockKey(id))
  await host.localStore.delete(nextEpochKey(id))
}
