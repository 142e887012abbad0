// The concrete values behind a case's TWAPs and EthFlow placements: owners, conditional-order
// params and their watch keys, the tranches ComposableCoW hands out, placement orders and their
// UIDs, and the logs that carry them. Encoded with viem and the harness's own UID oracle
// (harness/orderbook/order-hash.ts), never with the modules' code: the judge computes what the
// modules should arrive at on its own.
import { type Hex, keccak256, toHex } from 'viem'
import { orderUid } from '../../orderbook/order-hash.js'
import {
  COMPOSABLE_COW,
  type ConditionalOrderParams,
  TWAP_HANDLER,
  conditionalOrderCreatedLog,
  conditionalOrderId,
  twapStaticInput,
} from '../../world/events/conditional-order-created.js'
import { ETHFLOW, ETHFLOW_SCHEME, gpv2Marker, orderPlacementLog } from '../../world/events/order-placement.js'
import type { ChainId, EthflowPlacement, TwapOrder, TwapPoll } from './fuzz-case.js'
import { WORLD_HEAD } from './real-modules.js'

export { COMPOSABLE_COW, ETHFLOW }

const WETH: Hex = '0xfff9976782d46cc05630d1f6ebab18b2324d6b14'
const USDC: Hex = '0xbe72e441bf55620febc26715db68d3494213d8cb'
/** keccak256("{}"): the app data every module posts with (and the fake orderbook knows). */
export const EMPTY_APP_DATA: Hex = keccak256(toHex('{}'))
/** A non-empty app data document's hash: a module posting with `"{}"` cannot match it. */
export const CUSTOM_APP_DATA: Hex = keccak256(toHex('{"appCode":"nexum-sim fuzz","version":"1.3.0"}'))
/** A tranche that is still valid ends 30 days after the head: past any script's clock. */
const TRANCHE_VALIDITY_SECS = 30 * 24 * 3600

// A case draws its payloads from a few indices and flags, and each case encodes them three times
// (drawing, the model, the scenario data): every value below is computed once per process.
function once<V>(kept: Map<string, V>, key: string, compute: () => V): V {
  let v = kept.get(key)
  if (v === undefined) {
    v = compute()
    kept.set(key, v)
  }
  return v
}

const tags = new Map<string, Hex>()
const tag = (text: string): Hex => once(tags, text, () => keccak256(toHex(text)))
const addressOf = (text: string): Hex => `0x${tag(text).slice(26)}`

/** The Safes that own generated TWAPs (lower case). */
export const TWAP_OWNERS: readonly Hex[] = [
  addressOf('nexum-sim fuzz twap owner 0'),
  addressOf('nexum-sim fuzz twap owner 1'),
]

export const twapOwner = (t: TwapOrder): Hex => TWAP_OWNERS[t.owner] as Hex

const paramsKept = new Map<string, ConditionalOrderParams>()
export function twapParams(t: TwapOrder, index: number): ConditionalOrderParams {
  return once(paramsKept, `${index}:${t.owner}:${t.params}`, () => computeTwapParams(t, index))
}

function computeTwapParams(t: TwapOrder, index: number): ConditionalOrderParams {
  const owner = twapOwner(t)
  return {
    handler: TWAP_HANDLER,
    salt: tag(`nexum-sim fuzz twap ${index}`),
    staticInput: twapStaticInput({
      sellToken: WETH,
      buyToken: USDC,
      receiver: owner,
      partSellAmount: 10n ** 17n * BigInt(index + 1),
      minPartLimit: 150_000_000n,
      t0: BigInt(WORLD_HEAD.timestamp),
      // n = 0 parts: a TWAP handler refuses it (OrderNotValid).
      n: t.params === 'invalid' ? 0n : 4n,
      t: 3_600n,
      span: 0n,
      appData: t.params === 'app-data' ? CUSTOM_APP_DATA : EMPTY_APP_DATA,
    }),
  }
}

/** twap-monitor's store key for the watch of this TWAP: `watch:<owner>:<params id>`. */
const watchKeys = new Map<string, string>()
export function twapWatchKey(t: TwapOrder, index: number): string {
  return once(
    watchKeys,
    `${index}:${t.owner}:${t.params}`,
    () => `watch:${twapOwner(t)}:${conditionalOrderId(twapParams(t, index)).toLowerCase()}`,
  )
}

type PayloadLog = { address: string; topics: string[]; data: Hex }
/** A kept log, with its own topics array (a step may be edited; the kept one is not). */
const copyOf = (log: PayloadLog): PayloadLog => ({ ...log, topics: [...log.topics] })

/** Cut to its first 64 bytes: no longer an ABI encoding of the event's data. */
const cut = (data: Hex): Hex => data.slice(0, 2 + 128) as Hex

const twapLogs = new Map<string, PayloadLog>()
export function twapLog(t: TwapOrder, index: number): PayloadLog {
  return copyOf(once(twapLogs, `${index}:${t.owner}:${t.params}:${t.decodes}`, () => computeTwapLog(t, index)))
}

function computeTwapLog(t: TwapOrder, index: number): PayloadLog {
  const log = conditionalOrderCreatedLog(twapOwner(t), twapParams(t, index))
  return { address: log.address.toLowerCase(), topics: log.topics, data: t.decodes ? log.data : cut(log.data) }
}

/** The order of tranche `tranche` of TWAP `index`, as a `ready` poll hands it out. */
export function trancheOrder(t: TwapOrder, index: number, poll: Extract<TwapPoll, { outcome: 'ready' }>) {
  return {
    sellToken: WETH,
    buyToken: USDC,
    receiver: twapOwner(t),
    sellAmount: 10n ** 17n * BigInt(index + 1) + BigInt(poll.tranche),
    buyAmount: 150_000_000n,
    validTo: poll.expired ? WORLD_HEAD.timestamp - 3_600 : WORLD_HEAD.timestamp + TRANCHE_VALIDITY_SECS + poll.tranche,
    appData: t.params === 'app-data' ? CUSTOM_APP_DATA : EMPTY_APP_DATA,
    kind: 'sell' as const,
  }
}

export const trancheSignature = (index: number): Hex => tag(`nexum-sim fuzz twap ${index} signature`)

/** The values a `ready`, `try-at-block` or `try-at-epoch` answer carries. */
export const pollBlock = (p: Extract<TwapPoll, { outcome: 'try-at-block' }>): number => WORLD_HEAD.number + p.blocks
export const pollEpoch = (p: Extract<TwapPoll, { outcome: 'try-at-epoch' }>): number => WORLD_HEAD.timestamp + p.seconds

export const placementSender = (index: number): Hex => addressOf(`nexum-sim fuzz ethflow sender ${index}`)

function placementOrder(p: EthflowPlacement, index: number) {
  const sender = placementSender(index)
  return {
    sellToken: WETH,
    buyToken: USDC,
    receiver: sender,
    sellAmount: 10n ** 16n * BigInt(index + 1),
    buyAmount: 15_000_000n * BigInt(index + 1),
    // EthFlow orders are valid until u32::MAX; the user's own deadline travels in `data`.
    validTo: 0xffffffff,
    appData: EMPTY_APP_DATA,
    feeAmount: 0n,
    partiallyFillable: false,
    valid: p.valid,
  }
}

const placementLogs = new Map<string, PayloadLog>()
export function placementLog(p: EthflowPlacement, index: number): PayloadLog {
  return copyOf(once(placementLogs, `${index}:${p.valid}:${p.decodes}`, () => computePlacementLog(p, index)))
}

function computePlacementLog(p: EthflowPlacement, index: number): PayloadLog {
  const { valid, ...order } = placementOrder(p, index)
  const sender = placementSender(index)
  const log = orderPlacementLog({
    sender,
    order: {
      ...order,
      // An invalid placement carries a `kind` marker GPv2Order does not define.
      kind: gpv2Marker(valid ? 'sell' : 'limit'),
      sellTokenBalance: gpv2Marker('erc20'),
      buyTokenBalance: gpv2Marker('erc20'),
    },
    signature: { scheme: ETHFLOW_SCHEME.presign, data: sender },
    quoteId: BigInt(index + 1),
    userValidTo: WORLD_HEAD.timestamp + 1_800,
  })
  return { address: log.address.toLowerCase(), topics: log.topics, data: p.decodes ? log.data : cut(log.data) }
}

const uids = new Map<string, Hex>()

/** The UID the orderbook files a valid placement under on `chain`: owner = the EthFlow contract. */
export function placementUid(p: EthflowPlacement, index: number, chain: ChainId): Hex {
  return once(uids, `${index}:${chain}`, () => {
    const { valid: _valid, ...order } = placementOrder(p, index)
    return orderUid(
      { ...order, kind: 'sell', sellTokenBalance: 'erc20', buyTokenBalance: 'erc20' },
      ETHFLOW.toLowerCase() as Hex,
      chain,
    )
  })
}
