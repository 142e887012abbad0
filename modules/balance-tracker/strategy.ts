// balance-tracker per block (docs/design.md §8.4, with the first-observation fix, defect #47):
// for each address in config order, read the balance, compare with the stored one, warn on a
// move of at least the threshold, store the new value. A failure for one address is a warning
// and the next address is still read; the dispatch always succeeds.
import type { Block, Hex, ModuleHost } from '../sdk/index.js'
import { HostError, decodeU256Le, encodeU256Le, isHostError } from '../sdk/index.js'
import { balanceKey, parseBalanceHex } from './balance-value.js'
import type { BalanceTrackerSettings } from './config.js'

export function absDiff(a: bigint, b: bigint): bigint {
  return a >= b ? a - b : b - a
}

/**
 * The warn line for a move of at least `threshold`, else undefined. No prior (the first
 * observation, or a stored value that is not 32 bytes) only records: comparing with zero would
 * report the whole balance as a change.
 */
export function changeLine(
  address: Hex,
  prior: bigint | undefined,
  current: bigint,
  threshold: bigint,
): string | undefined {
  if (prior === undefined) return undefined
  const delta = absDiff(current, prior)
  if (delta < threshold) return undefined
  const sign = current > prior ? '+' : '-'
  return `balance-tracker ${address} changed ${sign}${delta} wei (prior=${prior}, current=${current})`
}

/** Params per tracked address, written once: every block asks the same (bounded: a full memo starts again). */
const paramsOf = new Map<Hex, string>()
const PARAMS_KEPT = 1_024

export function balanceParams(address: Hex): string {
  let text = paramsOf.get(address)
  if (text === undefined) {
    if (paramsOf.size >= PARAMS_KEPT) paramsOf.clear()
    text = JSON.stringify([address.toLowerCase(), 'latest'])
    paramsOf.set(address, text)
  }
  return text
}

async function fetchBalance(host: ModuleHost, chainId: number, address: Hex): Promise<bigint> {
  const raw = await host.chain.request(chainId, 'eth_getBalance', balanceParams(address))
  const balance = parseBalanceHex(raw)
  if (balance === undefined) {
    throw new HostError({
      domain: 'balance-tracker',
      kind: 'invalid-input',
      code: 0,
      message: `eth_getBalance result not a hex string: ${raw}`,
    })
  }
  return balance
}

/** One address: read, compare, report, record. Host errors reject; the caller logs them. */
export async function checkAddress(host: ModuleHost, chainId: number, address: Hex, threshold: bigint): Promise<void> {
  const current = await fetchBalance(host, chainId, address)
  const key = balanceKey(address)
  const stored = await host.localStore.get(key)
  const prior = stored === undefined ? undefined : decodeU256Le(stored)
  const line = changeLine(address, prior, current, threshold)
  if (line !== undefined) host.logging.log('warn', line)
  await host.localStore.set(key, encodeU256Le(current))
}

export async function onBlock(host: ModuleHost, block: Block, settings: BalanceTrackerSettings): Promise<void> {
  for (const address of settings.addresses) {
    try {
      await checkAddress(host, block.chainId, address, settings.changeThreshold)
    } catch (error) {
      // A host error is this address's problem; anything else is a bug and traps.
      if (!isHostError(error)) throw error
      host.logging.log('warn', `balance-tracker ${address} (${error.code}): ${error.message}`)
    }
  }
}
