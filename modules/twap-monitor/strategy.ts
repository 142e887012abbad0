// The block path (docs/design.md §8.6, `on_block`): every watch, in key order, unless a gate holds
// it back, is polled once; the outcome sets a gate, drops the watch, or posts the tranche.
import type { Block, ModuleHost, PollOutcome } from '../sdk/index.js'
import { pollOutcomeLabel } from '../sdk/index.js'
import { pollConditionalOrder } from './poll-conditional-order.js'
import { dropWatch, isGated, readGates, setNextBlock, setNextEpoch } from './poll-gates.js'
import { submitTranche } from './submit-tranche.js'
import { WATCH_PREFIX, type WatchId, parseWatchKey } from './watch-keys.js'
import { watchStatics } from './watch-memo.js'

export async function onBlock(host: ModuleHost, block: Block): Promise<void> {
  for (const key of await host.localStore.listKeys(WATCH_PREFIX)) {
    const id = parseWatchKey(key)
    if (id === undefined) continue
    await pollWatch(host, block, key, id)
  }
}

async function pollWatch(host: ModuleHost, block: Block, key: string, id: WatchId): Promise<void> {
  if (isGated(await readGates(host, id), block)) return
  const value = await host.localStore.get(key)
  if (value === undefined) return
  const statics = watchStatics(host, key, id.owner, value)
  if (statics.calldata === undefined) {
    host.logging.log('warn', `watch ${key} carried unparseable params; skipping`)
    return
  }
  const outcome = await pollConditionalOrder(host, block.chainId, statics.calldata, statics.decodeResult)
  host.logging.log('info', `poll ${key} -> ${pollOutcomeLabel(outcome)}`)
  await applyOutcome(host, block, key, id, outcome)
}

async function applyOutcome(
  host: ModuleHost,
  block: Block,
  key: string,
  id: WatchId,
  outcome: PollOutcome,
): Promise<void> {
  switch (outcome.kind) {
    case 'try-next-block':
      return
    case 'try-on-block':
      return setNextBlock(host, id, outcome.block)
    case 'try-at-epoch':
      return setNextEpoch(host, id, outcome.epoch)
    case 'dont-try-again':
      await dropWatch(host, key, id)
      host.logging.log('info', `dropped watch ${key}`)
      return
    case 'ready':
      return submitTranche(host, block, { key, id, order: outcome.order, signature: outcome.signature })
  }
}
