// Per `OrderPlacement` log (docs/design.md §11 d3b9dd6): decode, compute the UID, skip it once
// observed, else ask the orderbook. 200 marks `observed:<uid>`; 404 leaves no marker (a
// redelivered log asks again); any other answer warns. Nothing is ever posted.
import type { Hex, Log, ModuleHost } from '../sdk/index.js'
import { decodeOrderPlacement, isHostError } from '../sdk/index.js'
import { classifyOrderLookup } from './order-lookup.js'
import { PlacementBuildError, placementUid } from './placement-uid.js'

export const observedKey = (uid: string): string => `observed:${uid.toLowerCase()}`

const EMPTY = new Uint8Array(0)

export async function onLogs(host: ModuleHost, logs: readonly Log[]): Promise<void> {
  for (const log of logs) await observePlacement(host, log)
}

async function observePlacement(host: ModuleHost, log: Log): Promise<void> {
  const placement = decodeOrderPlacement(log)
  if (placement === undefined) return

  let uid: Hex
  try {
    uid = placementUid(log.chainId, placement)
  } catch (error) {
    if (!(error instanceof PlacementBuildError)) throw error
    host.logging.log('warn', `ethflow submit skipped (sender=${placement.sender}): ${error.message}`)
    return
  }

  // Store errors propagate: the dispatch fails with the host's error.
  if ((await host.localStore.get(observedKey(uid))) !== undefined) {
    host.logging.log('info', `ethflow ${uid} already observed; skipping`)
    return
  }

  let body: string
  try {
    body = await host.cowApi.request(log.chainId, 'GET', `/api/v1/orders/${uid}`)
  } catch (error) {
    if (!isHostError(error)) throw error
    host.logging.log('warn', `ethflow lookup failed for ${uid}: ${error.toString()}`)
    return
  }

  const lookup = classifyOrderLookup(uid, body)
  switch (lookup.kind) {
    case 'found':
      await host.localStore.set(observedKey(uid), EMPTY)
      host.logging.log('info', `ethflow observed ${uid} status=${lookup.status}`)
      return
    case 'not-found':
      host.logging.log('info', `ethflow ${uid} not yet indexed by the orderbook`)
      return
    case 'failed':
      host.logging.log('warn', `ethflow lookup failed for ${uid}: ${lookup.detail}`)
      return
  }
}
