// The fixture world's answer to the orderbook's EIP-1271 question, through a real FakeNode: an
// undeclared owner of a declared ComposableCoW's orders is a Safe that accepts exactly the
// (order, signature) pairs that contract hands out.
import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { ContractDecl, GPv2OrderDecl } from '../scenario/types.js'
import { FakeNode } from '../world/fake-node.js'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { worldOrderbookChain } from './world-orderbook-chain.js'

const SEPOLIA = 11155111
const SAFE: Hex = '0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0'
const COMPOSABLE_COW: Hex = '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74'
const SIGNATURE: Hex = '0xc0ffee'
const ORDER: GPv2OrderDecl = {
  sellToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  buyToken: '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238',
  receiver: '0x0000000000000000000000000000000000000000',
  sellAmount: 10n ** 18n,
  buyAmount: 2_500_000_000n,
  validTo: 1_750_003_599,
  appData: `0x${'00'.repeat(32)}`,
  feeAmount: 0n,
  kind: 'sell',
  partiallyFillable: false,
  sellTokenBalance: 'erc20',
  buyTokenBalance: 'erc20',
}

/** The order's hash by @cowprotocol/contracts (an implementation the harness does not share). */
function contractsHash(chainId: number): Hex {
  return cowOrder
    .hashOrder(
      {
        name: 'Gnosis Protocol',
        version: 'v2',
        chainId,
        verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
      },
      {
        ...ORDER,
        receiver: undefined,
        sellAmount: ORDER.sellAmount.toString(),
        buyAmount: ORDER.buyAmount.toString(),
        feeAmount: ORDER.feeAmount.toString(),
        kind: cowOrder.OrderKind.SELL,
        sellTokenBalance: cowOrder.OrderBalance.ERC20,
        buyTokenBalance: cowOrder.OrderBalance.ERC20,
      },
    )
    .toLowerCase() as Hex
}

function node(polls: ContractDecl): FakeNode {
  return new FakeNode({
    chainId: SEPOLIA,
    clock: new VirtualClock(1_750_000_000_000),
    seed: 1,
    state: {
      head: { number: 1, timestamp: 1_750_000_000 },
      balances: new Map(),
      contracts: new Map([[COMPOSABLE_COW, polls]]),
      // A scripted failure for the engine's eth_calls: the orderbook's node does not see it.
      rpc: [{ method: 'eth_call', error: { code: -32000, message: 'engine-side outage' } }],
    },
  })
}

const ready: ContractDecl = {
  kind: 'composable-cow',
  polls: [{ outcome: 'ready', order: ORDER, signature: SIGNATURE, owner: SAFE, times: 1 }],
}

describe('worldOrderbookChain over a FakeNode', () => {
  it('accepts exactly the order and signature a ComposableCoW hands out for that owner', async () => {
    const world = node(ready)
    const chain = worldOrderbookChain(() => world)
    const hash = contractsHash(SEPOLIA)
    expect(await chain.isValidSignature(SEPOLIA, SAFE, hash, SIGNATURE)).toBe('valid')
    expect(await chain.isValidSignature(SEPOLIA, SAFE, hash, '0xc0ffef')).toBe('invalid')
    expect(await chain.isValidSignature(SEPOLIA, SAFE, contractsHash(1), SIGNATURE)).toBe('invalid')
    expect(await chain.isValidSignature(SEPOLIA, '0x0000000000000000000000000000000000000001', hash, SIGNATURE)).toBe(
      'invalid',
    )
    // Asking used no poll `times` and ignored the engine's scripted rpc rule.
    expect(await chain.isValidSignature(SEPOLIA, SAFE, hash, SIGNATURE)).toBe('valid')
  })

  it('finds nothing valid where no ComposableCoW is ready, and cannot ask a chain it does not have', async () => {
    const world = node({ kind: 'composable-cow', polls: [{ outcome: 'never', reason: 'cancelled' }] })
    expect(
      await worldOrderbookChain(() => world).isValidSignature(SEPOLIA, SAFE, contractsHash(SEPOLIA), SIGNATURE),
    ).toBe('invalid')
    await expect(
      worldOrderbookChain(() => undefined).isValidSignature(1, SAFE, contractsHash(1), SIGNATURE),
    ).rejects.toThrow(/no chain 1/)
  })
})

describe('an owner the world models in no way', () => {
  it('is unknown (accepted by the fake), not invalid: nobody could be asked', async () => {
    const world = new FakeNode({
      chainId: SEPOLIA,
      clock: new VirtualClock(1_750_000_000_000),
      seed: 1,
      state: { head: { number: 1, timestamp: 1_750_000_000 }, balances: new Map(), contracts: new Map(), rpc: [] },
    })
    expect(
      await worldOrderbookChain(() => world).isValidSignature(SEPOLIA, SAFE, contractsHash(SEPOLIA), SIGNATURE),
    ).toBe('unknown')
  })
})
