// The M2 benchmark day (`day-m2`): a Sepolia day of 7,200 blocks, 12 s apart, through
// twap-monitor and ethflow-watcher, with the logs such a day brings them. Written as a scenario
// (JSON is YAML) so the day runs through the same harness as any other, and checked by its own
// expect block so a day that stops doing its work cannot pass as fast.
//
// The day: a TWAP is created every hour (24 `ConditionalOrderCreated` logs, each from its own
// Safe). ComposableCoW first answers "try at epoch" (15 minutes on), then "ready" for 25 polls
// (one tranche posted and accepted; 24 polls that find it already submitted), then
// "order not valid" (the TWAP is over; the watch is dropped). An EthFlow order is placed every
// 10 minutes (144 `OrderPlacement` logs), each looked up once: the orderbook does not know it yet.
// Log data are ABI encodings made with viem, not with the modules' code.
import { encodeAbiParameters, keccak256, toHex } from 'viem'
import {
  COMPOSABLE_COW,
  TWAP_HANDLER,
  conditionalOrderCreatedLog,
  twapStaticInput,
} from '../world/events/conditional-order-created.js'
import { ETHFLOW_SCHEME, gpv2Marker, orderPlacementLog } from '../world/events/order-placement.js'

const CHAIN = 11_155_111
const BLOCKS = 7_200
const BLOCK_SECS = 12
const HEAD = { number: 7_000_000, timestamp: 1_750_000_000 }
const WETH = '0xfff9976782d46cc05630d1f6ebab18b2324d6b14'
const USDC = '0xbe72e441bf55620febc26715db68d3494213d8cb'
/** keccak256("{}"): the app data the fake orderbook knows without registration. */
const APP_DATA = '0xb48d38f93eaa084033fc5970bf96e559c33c4cdc07d889ab00b4d63f9590739d'

export const M2_DAY = {
  blocks: BLOCKS,
  twaps: 24,
  twapEveryBlocks: 300,
  readyPolls: 25,
  ethflowOrders: 144,
  ethflowEveryBlocks: 50,
} as const

/** A distinct, deterministic address per index and role. */
function address(role: number, i: number): `0x${string}` {
  return `0x${keccak256(toHex(`nexum-sim bench m2 ${role} ${i}`)).slice(26)}`
}

const blockTime = (k: number) => HEAD.timestamp + BLOCK_SECS * k

function twapLog(i: number, owner: `0x${string}`) {
  const staticInput = twapStaticInput({
    sellToken: WETH,
    buyToken: USDC,
    receiver: owner,
    partSellAmount: 10n ** 17n * BigInt(i + 1),
    minPartLimit: 150_000_000n,
    t0: 0n,
    n: 4n,
    t: 3_600n,
    span: 0n,
    appData: APP_DATA,
  })
  const params = { handler: TWAP_HANDLER, salt: keccak256(toHex(`salt ${i}`)), staticInput } as const
  return { ...conditionalOrderCreatedLog(owner, params), tx: keccak256(toHex(`twap tx ${i}`)), index: 0 }
}

function ethflowLog(i: number) {
  const sender = address(2, i)
  const log = orderPlacementLog({
    sender,
    order: {
      sellToken: WETH,
      buyToken: USDC,
      receiver: sender,
      sellAmount: 10n ** 16n * BigInt(i + 1),
      buyAmount: 15_000_000n * BigInt(i + 1),
      validTo: 0xffffffff,
      appData: APP_DATA,
      feeAmount: 0n,
      kind: gpv2Marker('sell'),
      partiallyFillable: false,
      sellTokenBalance: gpv2Marker('erc20'),
      buyTokenBalance: gpv2Marker('erc20'),
    },
    signature: { scheme: ETHFLOW_SCHEME.presign, data: encodeAbiParameters([{ type: 'address' }], [sender]) },
    quoteId: BigInt(i + 1),
    userValidTo: blockTime(i * M2_DAY.ethflowEveryBlocks) + 1_800,
  })
  return { ...log, tx: keccak256(toHex(`ethflow tx ${i}`)), index: 1 }
}

/** The twap owners' poll rules: wait 15 minutes, ready for `readyPolls` polls, then over. */
function pollRules(i: number, owner: `0x${string}`, createdAtBlock: number) {
  const readyAt = blockTime(createdAtBlock) + 900
  return [
    { outcome: 'try-at-epoch', owner, epoch: readyAt, reason: 'next part', times: 1 },
    {
      outcome: 'ready',
      owner,
      times: M2_DAY.readyPolls,
      signature: toHex(`twap ${i}`),
      order: {
        sellToken: WETH,
        buyToken: USDC,
        receiver: owner,
        sellAmount: (10n ** 17n * BigInt(i + 1)).toString(),
        buyAmount: '150000000',
        validTo: readyAt + 3_600,
        appData: APP_DATA,
        kind: 'sell',
      },
    },
    { outcome: 'order-not-valid', owner, reason: 'twap finished' },
  ]
}

/** The scenario text of the M2 day (JSON, which the YAML loader reads). */
export function m2DayScenario(): string {
  const logsAt = new Map<number, object[]>()
  const at = (block: number, log: object) => logsAt.set(block, [...(logsAt.get(block) ?? []), log])
  const polls: object[] = []
  for (let i = 0; i < M2_DAY.twaps; i++) {
    const owner = address(1, i)
    const block = i * M2_DAY.twapEveryBlocks + 17
    at(block, twapLog(i, owner))
    polls.push(...pollRules(i, owner, block))
  }
  for (let i = 0; i < M2_DAY.ethflowOrders; i++) at(i * M2_DAY.ethflowEveryBlocks + 5, ethflowLog(i))
  // Blocks in runs; after block k's head, the logs mined in block k.
  const steps: object[] = []
  let next = 0
  for (const block of [...logsAt.keys()].sort((a, b) => a - b)) {
    if (block + 1 > next) steps.push({ blocks: { count: block + 1 - next } })
    next = block + 1
    for (const log of logsAt.get(block)!) steps.push({ log: { ...log, block: HEAD.number + block } })
  }
  if (next < BLOCKS) steps.push({ blocks: { count: BLOCKS - next } })
  steps.push({ signal: 'SIGTERM' })
  return JSON.stringify(
    {
      version: 1,
      name: 'one Sepolia day (7,200 blocks) through twap-monitor and ethflow-watcher with their logs',
      description: 'Generated by harness/bench/m2-day-workload.ts for the day-m2 benchmark.',
      engine: {
        chains: { [CHAIN]: {} },
        modules: [{ use: 'twap-monitor' }, { use: 'ethflow-watcher' }],
      },
      chain: { [CHAIN]: { head: HEAD, contracts: { [COMPOSABLE_COW]: { kind: 'composable-cow', polls } } } },
      steps,
      expect: {
        exit: { reason: 'signal', code: 0 },
        dispatch: {
          'twap-monitor': { blocks: BLOCKS, logs: M2_DAY.twaps, traps: 0 },
          'ethflow-watcher': { logs: M2_DAY.ethflowOrders, ok: M2_DAY.ethflowOrders },
        },
        orderbook: { posts: M2_DAY.twaps, accepted: M2_DAY.twaps },
      },
    },
    null,
    1,
  )
}
