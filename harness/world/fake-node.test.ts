import { describe, expect, it } from 'vitest'
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  custom,
  decodeErrorResult,
  decodeFunctionResult,
  encodeFunctionData,
  erc20Abi,
  keccak256,
  parseAbi,
  toHex,
  type Hex,
} from 'viem'
import { RpcError } from '../../engine/transport/rpc-transport.js'
import type { ChainStateDecl, ContractDecl, RpcRule } from '../scenario/types.js'
import { deriveBlockHash } from './block-hash.js'
import { createFakeRpcTransports, FakeNode, type FakeNodeOptions } from './fake-node.js'
import { VirtualClock } from '../../engine/clock/virtual-clock.js'
import { WorldFailureCollector } from './world-failure.js'

const SEPOLIA = 11155111
const SEED = 7
const HEAD = { number: 7_000_000, timestamp: 1_750_000_000 }
const ALICE: Hex = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const BOB: Hex = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
const FEED: Hex = '0x694aa1769357215de4fac081bf1f309adc325306'
const TOKEN: Hex = '0x6810e776880c02933d47db1b9fc05908e5386b96'
const COMPOSABLE_COW: Hex = '0xfdafc9d1902f4e0b84f65f49f244b32b31013b74'

const feedAbi = parseAbi([
  'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
  'function decimals() view returns (uint8)',
])
const cowAbi = parseAbi([
  'function getTradeableOrderWithSignature(address, (address, bytes32, bytes), bytes, bytes32[]) view returns ((address, address, address, uint256, uint256, uint32, bytes32, uint256, bytes32, bool, bytes32, bytes32), bytes)',
  'error OrderNotValid(string)',
  'error PollTryAtEpoch(uint256, string)',
])

function contracts(): Map<Hex, ContractDecl> {
  return new Map<Hex, ContractDecl>([
    [
      FEED,
      { kind: 'chainlink-aggregator', decimals: 8, answer: 174553978080n, description: 'ETH / USD', roundId: 42n },
    ],
    [TOKEN, { kind: 'erc20', balances: new Map([[ALICE, 5n]]), allowances: new Map(), decimals: 18, symbol: 'TKN' }],
    [
      COMPOSABLE_COW,
      {
        kind: 'composable-cow',
        polls: [
          { outcome: 'try-at-epoch', epoch: 1_750_000_600n, reason: 'not yet', times: 1 },
          { outcome: 'order-not-valid', reason: 'after twap finished' },
        ],
      },
    ],
  ])
}

function state(overrides: Partial<ChainStateDecl> = {}): ChainStateDecl {
  return { head: HEAD, balances: new Map([[ALICE, 10n ** 18n]]), contracts: contracts(), rpc: [], ...overrides }
}

function node(overrides: Partial<ChainStateDecl> = {}, options: Partial<FakeNodeOptions> = {}) {
  const clock = new VirtualClock(HEAD.timestamp * 1000)
  const fake = new FakeNode({ chainId: SEPOLIA, state: state(overrides), clock, seed: SEED, ...options })
  return { fake, clock }
}

/** A viem client over the fake node: proves the answers are what a real node's client accepts. */
function clientOf(fake: FakeNode) {
  // No retries: a retried poll would consume the rules' `times` (and viem backs off on real timers).
  const request = ({ method, params }: { method: string; params?: unknown }) =>
    fake.request(method, (params ?? []) as unknown[])
  return createPublicClient({ transport: custom({ request }, { retryCount: 0 }) })
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

async function rpcErrorOf(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof RpcError)) throw new Error(`expected an RpcError, got ${String(error)}`)
  return error
}

function pollCall(owner: Hex = ALICE): { to: Hex; data: Hex } {
  return {
    to: COMPOSABLE_COW,
    data: encodeFunctionData({
      abi: cowAbi,
      functionName: 'getTradeableOrderWithSignature',
      args: [owner, [BOB, `0x${'00'.repeat(32)}`, '0x'], '0x', []],
    }),
  }
}

describe('FakeNode: declared state', () => {
  it('answers eth_chainId and eth_blockNumber from the chain and its head', async () => {
    const { fake } = node()
    expect(await fake.request('eth_chainId', [])).toBe('0xaa36a7')
    expect(await fake.request('eth_blockNumber', [])).toBe(toHex(HEAD.number))
    fake.setHead({
      number: HEAD.number + 1,
      timestamp: HEAD.timestamp + 12,
      hash: deriveBlockHash(SEED, SEPOLIA, HEAD.number + 1),
    })
    expect(await fake.request('eth_blockNumber', [])).toBe(toHex(HEAD.number + 1))
  })

  it('answers eth_getBalance from declared balances, case-insensitively, and 0x0 for anyone else', async () => {
    const { fake } = node()
    expect(await fake.request('eth_getBalance', ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 'latest'])).toBe(
      toHex(10n ** 18n),
    )
    expect(await fake.request('eth_getBalance', [BOB, 'latest'])).toBe('0x0')
    const client = clientOf(fake)
    expect(await client.getBalance({ address: ALICE })).toBe(10n ** 18n)
  })

  it('rejects a malformed address as a node does (invalid params), without a world failure', async () => {
    const { fake } = node()
    const error = await rpcErrorOf(fake.request('eth_getBalance', ['0x1234', 'latest']))
    expect(error.code).toBe(-32602)
    expect(fake.failures.size).toBe(0)
  })

  it('serves blocks a client can read: head, emitted, past (synthesised), future (null)', async () => {
    const { fake } = node()
    const client = clientOf(fake)
    const head = await client.getBlock()
    expect(head.number).toBe(BigInt(HEAD.number))
    expect(head.hash).toBe(deriveBlockHash(SEED, SEPOLIA, HEAD.number))
    expect(head.timestamp).toBe(BigInt(HEAD.timestamp))

    const next = fake.nextHeader()
    expect(next).toEqual({
      number: HEAD.number,
      timestamp: HEAD.timestamp,
      hash: deriveBlockHash(SEED, SEPOLIA, HEAD.number),
    })
    fake.setHead(next)
    const second = fake.nextHeader()
    expect(second).toEqual({
      number: HEAD.number + 1,
      timestamp: HEAD.timestamp + 12,
      hash: deriveBlockHash(SEED, SEPOLIA, HEAD.number + 1),
    })
    fake.setHead(second)
    const latest = await client.getBlock({ blockTag: 'latest' })
    expect(latest.hash).toBe(second.hash)
    expect(latest.parentHash).toBe(next.hash)

    const past = await client.getBlock({ blockNumber: BigInt(HEAD.number - 10) })
    expect(past.timestamp).toBe(BigInt(HEAD.timestamp - 120))
    expect(past.hash).toBe(deriveBlockHash(SEED, SEPOLIA, HEAD.number - 10))

    expect(await fake.request('eth_getBlockByNumber', [toHex(HEAD.number + 5), false])).toBeNull()
    const byHash = await client.getBlock({ blockHash: second.hash })
    expect(byHash.number).toBe(BigInt(second.number))
  })

  it('takes a block step’s explicit number, timestamp and hash', () => {
    const { fake } = node()
    const hash: Hex = `0x${'ab'.repeat(32)}`
    expect(fake.nextHeader({ number: 9, timestamp: 100, hash })).toEqual({ number: 9, timestamp: 100, hash })
  })
})

describe('FakeNode: eth_call', () => {
  it('decodes a chainlink read from real calldata (through a viem client)', async () => {
    const { fake } = node()
    const client = clientOf(fake)
    const round = await client.readContract({ address: FEED, abi: feedAbi, functionName: 'latestRoundData' })
    expect(round).toEqual([42n, 174553978080n, BigInt(HEAD.timestamp), BigInt(HEAD.timestamp), 42n])
    expect(await client.readContract({ address: FEED, abi: feedAbi, functionName: 'decimals' })).toBe(8)
  })

  it('decodes an erc20 read', async () => {
    const { fake } = node()
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [ALICE] })
    const result = (await fake.request('eth_call', [{ to: TOKEN, data }, 'latest'])) as Hex
    expect(decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: result })).toBe(5n)
  })

  it('reverts a poll as a real node: code 3, "execution reverted", the revert data', async () => {
    const { fake } = node()
    const first = await rpcErrorOf(fake.request('eth_call', [pollCall(), 'latest']))
    expect(first.code).toBe(3)
    expect(first.message).toBe('execution reverted')
    expect(decodeErrorResult({ abi: cowAbi, data: first.data as Hex })).toMatchObject({
      errorName: 'PollTryAtEpoch',
      args: [1_750_000_600n, 'not yet'],
    })
    // The first rule had times: 1.
    const second = await rpcErrorOf(fake.request('eth_call', [pollCall(), 'latest']))
    expect(decodeErrorResult({ abi: cowAbi, data: second.data as Hex }).errorName).toBe('OrderNotValid')
  })

  it('reverts in a way viem decodes into the custom error', async () => {
    const { fake } = node()
    const client = clientOf(fake)
    const call = pollCall()
    const error = await client
      .readContract({
        address: COMPOSABLE_COW,
        abi: cowAbi,
        functionName: 'getTradeableOrderWithSignature',
        args: [ALICE, [BOB, `0x${'00'.repeat(32)}`, '0x'], '0x', []],
      })
      .catch((e: unknown) => e)
    expect(call.data.slice(0, 10)).toBe('0x26e0a196')
    const reverted =
      error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined
    expect(reverted).toBeInstanceOf(ContractFunctionRevertedError)
    expect((reverted as ContractFunctionRevertedError).data?.errorName).toBe('PollTryAtEpoch')
  })

  it('answers "0x" for a call to an address without a declared contract (an EOA)', async () => {
    const { fake } = node()
    expect(await fake.request('eth_call', [{ to: BOB, data: '0xfeaf968c' }, 'latest'])).toBe('0x')
    expect(fake.failures.size).toBe(0)
  })

  it('accepts `input` in place of `data`', async () => {
    const { fake } = node()
    const input = encodeFunctionData({ abi: feedAbi, functionName: 'decimals' })
    const result = (await fake.request('eth_call', [{ to: FEED, input }, 'latest'])) as Hex
    expect(decodeFunctionResult({ abi: feedAbi, functionName: 'decimals', data: result })).toBe(8)
  })
})

describe('FakeNode: what the world cannot answer', () => {
  it('records a failure naming the request and rejects with method-not-found', async () => {
    const { fake, clock } = node()
    clock.advanceBy(1500)
    const error = await rpcErrorOf(fake.request('eth_foo', [1, '0xAB']))
    expect(error.code).toBe(-32601)
    expect(error.message).toBe('the simulated world cannot answer eth_foo')
    expect(fake.failures.all()).toEqual([
      {
        source: 'rpc',
        chainId: SEPOLIA,
        atMs: HEAD.timestamp * 1000 + 1500,
        message: 'no answer for eth_foo [1,"0xAB"] on chain 11155111',
      },
    ])
  })

  it('names an unknown selector on a declared contract', async () => {
    const { fake } = node()
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 1n] })
    const error = await rpcErrorOf(fake.request('eth_call', [{ to: TOKEN, data }, 'latest']))
    expect(error.code).toBe(-32601)
    expect(fake.failures.all()[0]?.message).toMatch(
      new RegExp(
        `^no answer for eth_call \\[.*\\] on chain 11155111: selector 0xa9059cbb is not a function of the erc20 \\(declared at ${TOKEN}\\)$`,
      ),
    )
  })

  it('names a poll no rule matches', async () => {
    const { fake } = node({ contracts: new Map([[COMPOSABLE_COW, { kind: 'composable-cow', polls: [] }]]) })
    await rpcErrorOf(fake.request('eth_call', [pollCall(), 'latest']))
    expect(fake.failures.all()[0]?.message).toContain(`no poll rule of the composable-cow matches owner ${ALICE}`)
  })

  it('records into a shared collector', async () => {
    const failures = new WorldFailureCollector()
    const { fake } = node({}, { failures })
    await rpcErrorOf(fake.request('eth_foo', []))
    expect(failures.takeNew()).toHaveLength(1)
    expect(failures.takeNew()).toHaveLength(0)
  })

  it('asks the fallback (a cassette) before failing or defaulting, but after the declared state', async () => {
    const asked: string[] = []
    const { fake } = node(
      {},
      {
        fallback: (method, params) => {
          asked.push(method)
          if (method === 'eth_gasPrice') return { result: '0x3b9aca00' }
          if (method === 'eth_call' && (params[0] as { to: string }).to === BOB) return { result: '0x01' }
          return undefined
        },
      },
    )
    expect(await fake.request('eth_gasPrice', [])).toBe('0x3b9aca00')
    expect(await fake.request('eth_call', [{ to: BOB, data: '0x' }, 'latest'])).toBe('0x01')
    expect(await fake.request('eth_getBalance', [BOB, 'latest'])).toBe('0x0')
    expect(await fake.request('eth_getBalance', [ALICE, 'latest'])).toBe(toHex(10n ** 18n))
    expect(asked).toEqual(['eth_gasPrice', 'eth_call', 'eth_getBalance'])
    expect(fake.failures.size).toBe(0)
  })
})

describe('FakeNode: canned rpc rules', () => {
  it('answers with the first matching rule before the declared state, `times` then falls through', async () => {
    const rules: RpcRule[] = [
      {
        method: 'eth_getBalance',
        params: [ALICE, 'latest'],
        error: { code: -32000, message: 'header not found', data: 'x' },
        times: 1,
      },
      { method: 'eth_blockNumber', result: '0x6acfc0' },
    ]
    const { fake } = node({ rpc: rules })
    const error = await rpcErrorOf(
      fake.request('eth_getBalance', ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 'latest']),
    )
    expect([error.code, error.message, error.data]).toEqual([-32000, 'header not found', 'x'])
    expect(await fake.request('eth_getBalance', [ALICE, 'latest'])).toBe(toHex(10n ** 18n))
    expect(await fake.request('eth_getBalance', [BOB, 'latest'])).toBe('0x0')
    expect(await fake.request('eth_blockNumber', [])).toBe('0x6acfc0')
    expect(await fake.request('eth_blockNumber', [])).toBe('0x6acfc0')
  })

  it('hands out a copy of a rule result', async () => {
    const { fake } = node({ rpc: [{ method: 'eth_syncing', result: { startingBlock: '0x0' } }] })
    const first = (await fake.request('eth_syncing', [])) as { startingBlock: string }
    first.startingBlock = 'changed'
    expect(await fake.request('eth_syncing', [])).toEqual({ startingBlock: '0x0' })
  })

  it('delays an answer by virtual time, on a labelled timer', async () => {
    const { fake, clock } = node({ rpc: [{ method: 'eth_blockNumber', delay: 200_000, result: '0x1', times: 1 }] })
    let answer: unknown
    void fake.request('eth_blockNumber', []).then((a) => (answer = a))
    await flush()
    expect(answer).toBeUndefined()
    expect(clock.pendingTimers()).toEqual([{ at: HEAD.timestamp * 1000 + 200_000, label: 'rpc eth_blockNumber delay' }])
    clock.fireNext()
    await flush()
    expect(answer).toBe('0x1')
  })

  it('a delay-only rule slows down the world’s own answer', async () => {
    const { fake, clock } = node({ rpc: [{ method: 'eth_blockNumber', delay: 1000 }] })
    const answer = fake.request('eth_blockNumber', [])
    clock.fireNext()
    expect(await answer).toBe(toHex(HEAD.number))
  })

  it('a delayed request can be abandoned through its signal, freeing the timer', async () => {
    const { fake, clock } = node({ rpc: [{ method: 'eth_blockNumber', delay: 1000, result: '0x1' }] })
    const cancel = new AbortController()
    const answer = fake.request('eth_blockNumber', [], { signal: cancel.signal })
    cancel.abort(new Error('deadline'))
    await expect(answer).rejects.toThrow('deadline')
    expect(clock.pendingTimers()).toEqual([])
  })

  it('`delay: never` parks the request, listed for stuck reports, until the caller aborts', async () => {
    const { fake, clock } = node({ rpc: [{ method: 'eth_getBalance', delay: 'never', result: '0x1' }] })
    const cancel = new AbortController()
    let settled = false
    const answer = fake
      .request('eth_getBalance', [ALICE, 'latest'], { signal: cancel.signal })
      .finally(() => (settled = true))
    await flush()
    expect(settled).toBe(false)
    expect(clock.pendingTimers()).toEqual([])
    expect(fake.pendingLabels()).toEqual([`rpc eth_getBalance ["${ALICE}","latest"] (delay: never)`])
    cancel.abort(new Error('rpc timeout'))
    await expect(answer).rejects.toThrow('rpc timeout')
    expect(fake.pending.size).toBe(0)
  })
})

describe('FakeNode: set', () => {
  it('applySet merges balances, replaces a contract (fresh poll counters) and replaces the rpc rules', async () => {
    const { fake } = node({ rpc: [{ method: 'eth_blockNumber', result: '0x1' }] })
    await rpcErrorOf(fake.request('eth_call', [pollCall(), 'latest'])) // uses up the times: 1 rule
    fake.applySet({
      balances: new Map([[BOB, 3n]]),
      contracts: new Map([[COMPOSABLE_COW, contracts().get(COMPOSABLE_COW)!]]),
      rpc: [{ method: 'eth_chainId', result: '0x1' }],
    })
    expect(await fake.request('eth_getBalance', [BOB, 'latest'])).toBe('0x3')
    expect(await fake.request('eth_getBalance', [ALICE, 'latest'])).toBe(toHex(10n ** 18n))
    const again = await rpcErrorOf(fake.request('eth_call', [pollCall(), 'latest']))
    expect(decodeErrorResult({ abi: cowAbi, data: again.data as Hex }).errorName).toBe('PollTryAtEpoch')
    expect(await fake.request('eth_chainId', [])).toBe('0x1')
    expect(await fake.request('eth_blockNumber', [])).toBe(toHex(HEAD.number))
  })

  it('does not change the scenario state it was built from', async () => {
    const declared = state()
    const fake = new FakeNode({ chainId: SEPOLIA, state: declared, clock: new VirtualClock(0), seed: SEED })
    fake.applySet({ balances: new Map([[BOB, 3n]]) })
    expect(declared.balances.has(BOB)).toBe(false)
  })
})

describe('createFakeRpcTransports', () => {
  it('routes by chain id; an undeclared chain has no transport', async () => {
    const { fake } = node()
    const transports = createFakeRpcTransports(new Map([[SEPOLIA, fake]]))
    expect(await transports.forChain(SEPOLIA)?.request('eth_chainId', [])).toBe('0xaa36a7')
    expect(transports.forChain(1)).toBeUndefined()
  })
})

it('block hashes depend on the seed', () => {
  expect(keccak256('0x')).not.toBe(deriveBlockHash(SEED, SEPOLIA, 1))
  const a = node().fake.head().hash
  const b = new FakeNode({ chainId: SEPOLIA, state: state(), clock: new VirtualClock(0), seed: SEED + 1 }).head().hash
  expect(a).not.toBe(b)
})
