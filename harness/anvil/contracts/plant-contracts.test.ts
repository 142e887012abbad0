// The planted bytecode answers the modules' own ABIs (modules/sdk) exactly as a real deployment
// would: values from storage, the real custom errors, real OrderPlacement logs.
import {
  type Hex,
  decodeErrorResult,
  decodeEventLog,
  decodeFunctionResult,
  encodeFunctionData,
  erc20Abi,
  keccak256,
  toBytes,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHAINLINK_AGGREGATOR_ABI } from '../../../modules/sdk/chain/chainlink.js'
import { COMPOSABLE_COW_ABI, POLL_ERRORS_ABI } from '../../../modules/sdk/cow/composable.js'
import { ETHFLOW_ABI } from '../../../modules/sdk/cow/ethflow.js'
import type { GPv2OrderDecl, PollOutcomeDecl } from '../../scenario/types.js'
import { type NodeRpc, NodeRpcError, nodeRpc } from '../node-rpc.js'
import { type AnvilProcess, startAnvil } from '../start-anvil.js'
import { fixtureContract } from './artifacts.js'
import { composableCowAnswerWrites } from './contract-storage.js'
import { ContractPlanter, ETHFLOW_CONTRACTS, GPV2_SETTLEMENT, GPV2_VAULT_RELAYER } from './plant-contracts.js'

let anvil: AnvilProcess
let node: NodeRpc
let planter: ContractPlanter
beforeAll(async () => {
  anvil = await startAnvil({ chainId: 11155111, timestamp: 1_750_000_000, args: ['--accounts', '1'] })
  node = nodeRpc(anvil.url)
  planter = new ContractPlanter(node)
  await planter.plantProtocol()
})
afterAll(() => anvil.stop())

const FEED: Hex = '0x694aa1769357215de4fac081bf1f309adc325306'
const TOKEN: Hex = '0xfff9976782d46cc05630d1f6ebab18b2324d6b14'
const COW: Hex = '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74'
const OWNER: Hex = '0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0'
const SPENDER: Hex = GPV2_VAULT_RELAYER

type Receipt = { logs: { address: Hex; topics: [Hex, ...Hex[]]; data: Hex }[] }

/** Anvil automines just after answering eth_sendTransaction: poll for the receipt. */
async function send(tx: Record<string, unknown>): Promise<Receipt> {
  const hash = await node.call<Hex>('eth_sendTransaction', [tx])
  for (;;) {
    const receipt = await node.call<Receipt | null>('eth_getTransactionReceipt', [hash])
    if (receipt) return receipt
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

async function call(to: Hex, data: Hex): Promise<Hex> {
  return node.call<Hex>('eth_call', [{ to, data }, 'latest'])
}

async function revertData(to: Hex, data: Hex): Promise<Hex> {
  const error = await call(to, data).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(NodeRpcError)
  return (error as NodeRpcError).data as Hex
}

describe('planted fixture contracts', () => {
  it('a Chainlink feed answers latestRoundData from storage, and a set replaces it', async () => {
    const decl = {
      kind: 'chainlink-aggregator',
      decimals: 8,
      answer: -5n,
      description: 'ETH / USD',
      roundId: 7n,
    } as const
    await planter.plant(FEED, { ...decl, updatedAt: 1_749_999_000n }, 1_750_000_000)
    const read = async () =>
      decodeFunctionResult({
        abi: CHAINLINK_AGGREGATOR_ABI,
        functionName: 'latestRoundData',
        data: await call(FEED, encodeFunctionData({ abi: CHAINLINK_AGGREGATOR_ABI, functionName: 'latestRoundData' })),
      })
    expect(await read()).toEqual([7n, -5n, 1_749_999_000n, 1_749_999_000n, 7n])
    await planter.plant(FEED, { ...decl, answer: 300_000_000_000n, roundId: 8n }, 1_750_000_000)
    await planter.followHead(1_750_000_012)
    expect(await read()).toEqual([8n, 300_000_000_000n, 1_750_000_012n, 1_750_000_012n, 8n])
  })

  it('an ERC-20 answers balances, allowances, decimals and a long symbol; replacing it zeroes old holders', async () => {
    const symbol = 'A SYMBOL LONGER THAN THIRTY-ONE BYTES'
    await planter.plant(
      TOKEN,
      {
        kind: 'erc20',
        balances: new Map([[OWNER, 10n ** 20n]]),
        allowances: new Map([[OWNER, new Map([[SPENDER, 5n]])]]),
        decimals: 6,
        symbol,
      },
      0,
    )
    const read = async (functionName: 'balanceOf' | 'allowance' | 'symbol' | 'decimals' | 'totalSupply', args: Hex[]) =>
      decodeFunctionResult({
        abi: erc20Abi,
        functionName,
        data: await call(TOKEN, encodeFunctionData({ abi: erc20Abi, functionName, args } as never)),
      } as never)
    expect(await read('balanceOf', [OWNER])).toBe(10n ** 20n)
    expect(await read('allowance', [OWNER, SPENDER])).toBe(5n)
    expect(await read('decimals', [])).toBe(6)
    expect(await read('symbol', [])).toBe(symbol)
    expect(await read('totalSupply', [])).toBe(10n ** 20n)
    await planter.plant(
      TOKEN,
      { kind: 'erc20', balances: new Map(), allowances: new Map(), decimals: 18, symbol: 'W' },
      0,
    )
    expect(await read('balanceOf', [OWNER])).toBe(0n)
    expect(await read('allowance', [OWNER, SPENDER])).toBe(0n)
    expect(await read('symbol', [])).toBe('W')
  })

  describe('ComposableCoW', () => {
    const poll = encodeFunctionData({
      abi: COMPOSABLE_COW_ABI,
      functionName: 'getTradeableOrderWithSignature',
      args: [OWNER, { handler: OWNER, salt: `0x${'11'.repeat(32)}`, staticInput: '0x' }, '0x', []],
    })
    const order: GPv2OrderDecl = {
      sellToken: TOKEN,
      buyToken: '0xbe72e441bf55620febc26715db68d3494213d8cb',
      receiver: OWNER,
      sellAmount: 10n ** 17n,
      buyAmount: 150_000_000n,
      validTo: 1_750_003_599,
      appData: '0xb48d38f93eaa084033fc5970bf96e559c33c4cdc07d889ab00b4d63f9590739d',
      feeAmount: 0n,
      kind: 'sell',
      partiallyFillable: false,
      sellTokenBalance: 'erc20',
      buyTokenBalance: 'erc20',
    }
    beforeAll(() => planter.plant(COW, { kind: 'composable-cow', polls: [] }, 0))
    const script = (outcome: PollOutcomeDecl) => planter.write(COW, composableCowAnswerWrites(OWNER, outcome))

    it('returns a ready order and its (long) signature', async () => {
      const signature = `0x${'ab'.repeat(70)}` as Hex
      await script({ outcome: 'ready', order, signature })
      const [returned, sig] = decodeFunctionResult({
        abi: COMPOSABLE_COW_ABI,
        functionName: 'getTradeableOrderWithSignature',
        data: await call(COW, poll),
      })
      const marker = (s: string) => keccak256(toBytes(s))
      expect({
        ...returned,
        sellToken: returned.sellToken.toLowerCase(),
        buyToken: returned.buyToken.toLowerCase(),
        receiver: returned.receiver.toLowerCase(),
      }).toEqual({
        ...order,
        kind: marker('sell'),
        sellTokenBalance: marker('erc20'),
        buyTokenBalance: marker('erc20'),
      })
      expect(sig).toBe(signature)
    })

    it.each<[PollOutcomeDecl, string, unknown[]]>([
      [{ outcome: 'try-next-block', reason: 'not yet' }, 'PollTryNextBlock', ['not yet']],
      [{ outcome: 'try-at-block', block: 7_000_010n, reason: 'later' }, 'PollTryAtBlock', [7_000_010n, 'later']],
      [{ outcome: 'try-at-epoch', epoch: 1_750_000_600n, reason: '' }, 'PollTryAtEpoch', [1_750_000_600n, '']],
      [{ outcome: 'order-not-valid', reason: 'x'.repeat(40) }, 'OrderNotValid', ['x'.repeat(40)]],
      [{ outcome: 'never', reason: 'done' }, 'PollNever', ['done']],
    ])('reverts with the real %o custom error', async (outcome, errorName, args) => {
      await script(outcome)
      const decoded = decodeErrorResult({ abi: POLL_ERRORS_ABI, data: await revertData(COW, poll) })
      expect({ errorName: decoded.errorName, args: decoded.args }).toEqual({ errorName, args })
    })
  })

  it('GPv2Settlement: only the uid owner pre-signs, preSignature reads the PreSign marker', async () => {
    const settlementAbi = fixtureContract('GPv2Settlement').abi
    const [from] = await node.call<Hex[]>('eth_accounts')
    const uid = `0x${'12'.repeat(32)}${from!.slice(2)}ffffffff` as Hex
    const read = async () =>
      BigInt(
        await call(
          GPV2_SETTLEMENT,
          encodeFunctionData({ abi: settlementAbi, functionName: 'preSignature', args: [uid] }),
        ),
      )
    expect(await read()).toBe(0n)
    await send({
      from,
      to: GPV2_SETTLEMENT,
      data: encodeFunctionData({ abi: settlementAbi, functionName: 'setPreSignature', args: [uid, true] }),
    })
    expect(await read()).toBe(BigInt(keccak256(toBytes('GPv2Signing.Scheme.PreSign'))))
    const relayer = await call(
      GPV2_SETTLEMENT,
      encodeFunctionData({ abi: settlementAbi, functionName: 'vaultRelayer' }),
    )
    expect(`0x${relayer.slice(26)}`).toBe(GPV2_VAULT_RELAYER)
  })

  it('the EthFlow emits OrderPlacement that the modules’ ABI decodes', async () => {
    const ethflowAbi = fixtureContract('CoWSwapEthFlow').abi
    const [from] = await node.call<Hex[]>('eth_accounts')
    const order = {
      sellToken: TOKEN,
      buyToken: TOKEN,
      receiver: from!,
      sellAmount: 1n,
      buyAmount: 2n,
      validTo: 4294967295,
      appData: `0x${'00'.repeat(32)}` as Hex,
      feeAmount: 0n,
      kind: keccak256(toBytes('sell')),
      partiallyFillable: false,
      sellTokenBalance: keccak256(toBytes('erc20')),
      buyTokenBalance: keccak256(toBytes('erc20')),
    }
    const receipt = await send({
      from,
      to: ETHFLOW_CONTRACTS[0],
      data: encodeFunctionData({
        abi: ethflowAbi,
        functionName: 'placeOrder',
        args: [order, { scheme: 1, data: '0x' }, '0x1234'],
      }),
    })
    const [log] = receipt.logs
    expect(log!.address).toBe(ETHFLOW_CONTRACTS[0])
    const event = decodeEventLog({ abi: ETHFLOW_ABI, topics: log!.topics, data: log!.data })
    expect(event.eventName).toBe('OrderPlacement')
    expect(event.args).toMatchObject({ sender: expect.stringMatching(new RegExp(from!.slice(2), 'i')), data: '0x1234' })
  })

  it('any planted contract emits an exact log from its own address', async () => {
    const [from] = await node.call<Hex[]>('eth_accounts')
    const emitterAbi = fixtureContract('Emitter').abi
    const at: Hex = '0x00000000000000000000000000000000000000e1'
    await planter.ensureEmitter(at)
    const topics: Hex[] = [
      `0x${'aa'.repeat(32)}`,
      `0x${'bb'.repeat(32)}`,
      `0x${'cc'.repeat(32)}`,
      `0x${'dd'.repeat(32)}`,
    ]
    const data: Hex = `0x${'5a'.repeat(45)}`
    const receipt = await send({
      from,
      to: at,
      data: encodeFunctionData({ abi: emitterAbi, functionName: 'nexumEmitLog', args: [topics, data] }),
    })
    expect(receipt.logs).toEqual([expect.objectContaining({ address: at, topics, data })])
  })
})
