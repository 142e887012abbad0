import cowOrder from '@cowprotocol/contracts/lib/commonjs/order.js'
import type { Hex } from 'viem'
import { keccak256, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { AppDataRegistry } from './app-data-registry.js'
import { decodeOrderCreation } from './decode-order-creation.js'
import { NO_CHAIN, type OrderbookChain } from './orderbook-chain.js'
import { OWNER, SEPOLIA, START_MS, presignOrderBody } from './test-helpers.js'
import { type OrderValidation, validateOrder } from './validate-order.js'

const context = (chain: OrderbookChain = NO_CHAIN) => ({
  chainId: SEPOLIA,
  nowSeconds: START_MS / 1000,
  appData: new AppDataRegistry(),
  chain,
})

async function verdict(overrides: Record<string, unknown>, ctx = context()): Promise<OrderValidation> {
  return validateOrder(decodeOrderCreation(presignOrderBody(overrides)), ctx)
}

async function rejection(overrides: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const result = await verdict(overrides)
  if (result.ok) throw new Error('expected a rejection')
  return { status: result.answer.status, body: JSON.parse(result.answer.body) }
}

/** The order's EIP-712 digest, computed independently with the CoW contracts library. */
function referenceDigest(body: Record<string, unknown>): Hex {
  return cowOrder.hashOrder(
    {
      name: 'Gnosis Protocol',
      version: 'v2',
      chainId: SEPOLIA,
      verifyingContract: '0x9008D19f58AAbD9eD0D60971565AA8510560ab41',
    },
    {
      sellToken: body.sellToken as string,
      buyToken: body.buyToken as string,
      receiver: undefined,
      sellAmount: body.sellAmount as string,
      buyAmount: body.buyAmount as string,
      validTo: body.validTo as number,
      appData: keccak256(stringToHex(body.appData as string)),
      feeAmount: body.feeAmount as string,
      kind: cowOrder.OrderKind.SELL,
      partiallyFillable: false,
      sellTokenBalance: cowOrder.OrderBalance.ERC20,
      buyTokenBalance: cowOrder.OrderBalance.ERC20,
    },
  ) as Hex
}

const signer = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a')

describe('validateOrder', () => {
  it('accepts a valid PreSign order; the owner is `from`', async () => {
    const result = await verdict({})
    expect(result.ok && result.owner).toBe(OWNER)
    expect(result.ok && result.fullAppData).toBe('{}')
  })

  it('recovers the owner of an eip712 order from its signature', async () => {
    const body = presignOrderBody({ signingScheme: 'eip712', from: null })
    const signature = await signer.sign({ hash: referenceDigest(body) })
    const result = await verdict({ signingScheme: 'eip712', from: null, signature })
    expect(result.ok && result.owner).toBe(signer.address.toLowerCase())
  })

  it('recovers the owner of an ethsign order from its signature', async () => {
    const body = presignOrderBody()
    const signature = await signer.signMessage({ message: { raw: referenceDigest(body) } })
    const result = await verdict({ signingScheme: 'ethsign', from: signer.address, signature })
    expect(result.ok && result.owner).toBe(signer.address.toLowerCase())
  })

  it('refuses an ECDSA signature by someone other than `from` (WrongOwner)', async () => {
    const signature = await signer.sign({ hash: referenceDigest(presignOrderBody()) })
    const { status, body } = await rejection({ signingScheme: 'eip712', signature })
    expect(status).toBe(400)
    expect(body).toMatchObject({ errorType: 'WrongOwner' })
  })

  it('refuses an unrecoverable signature (InvalidSignature)', async () => {
    const { body } = await rejection({ signingScheme: 'eip712', signature: `0x${'00'.repeat(65)}` })
    expect(body).toEqual({ errorType: 'InvalidSignature', description: 'invalid signature' })
  })

  it('answers each server check with its error type, status and description', async () => {
    const now = START_MS / 1000
    const cases: [Record<string, unknown>, number, string, string | RegExp][] = [
      [{ buyTokenBalance: 'internal' }, 400, 'UnsupportedBuyTokenDestination', 'Type Internal'],
      [{ sellTokenBalance: 'external' }, 400, 'UnsupportedSellTokenSource', 'Type External'],
      [{ validTo: now + 59 }, 400, 'InsufficientValidTo', 'validTo is not far enough in the future'],
      [
        { signingScheme: 'eip1271', validTo: now + 366 * 86400 },
        400,
        'ExcessiveValidTo',
        'validTo is too far into the future',
      ],
      [{ sellToken: '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE' }, 400, 'InvalidNativeSellToken', /native token/],
      [
        { buyToken: presignOrderBody().sellToken },
        400,
        'SameBuyAndSellToken',
        'Buy token is the same as the sell token.',
      ],
      [
        { appDataHash: null, appData: `0x${'12'.repeat(32)}` },
        400,
        'InvalidAppData',
        `Unknown pre-image for app data hash 0x${'12'.repeat(32)}`,
      ],
      [{ appDataHash: null, appData: 'not json' }, 400, 'InvalidAppData', /not valid JSON/],
      [
        { appData: '{"appCode":"x"}' },
        400,
        'AppDataHashMismatch',
        /^calculated app data hash 0x[0-9a-f]{64} doesn't match order app data field 0xb48d/,
      ],
      [{ from: null }, 400, 'MissingFrom', 'From address must be specified for on-chain signature'],
      [{ sellAmount: '0' }, 400, 'ZeroAmount', 'Buy or sell amount is zero.'],
      [{ feeAmount: '1' }, 400, 'NonZeroFee', 'Fee must be zero'],
    ]
    for (const [overrides, status, errorType, description] of cases) {
      const answer = await rejection(overrides)
      expect(answer.status, errorType).toBe(status)
      expect(answer.body, errorType).toMatchObject({ errorType, description: expect.stringMatching(description) })
    }
  })

  it('lets a PreSign order run past the limit-order maximum validity', async () => {
    expect((await verdict({ validTo: START_MS / 1000 + 366 * 86400 })).ok).toBe(true)
  })

  it('accepts a bare app-data hash whose document is registered', async () => {
    const ctx = context()
    ctx.appData.register('{"appCode":"x"}')
    const result = await verdict({ appDataHash: null, appData: keccak256(stringToHex('{"appCode":"x"}')) }, ctx)
    expect(result.ok && result.fullAppData).toBeUndefined()
    expect(result.ok && result.order.appData).toBe(keccak256(stringToHex('{"appCode":"x"}')))
  })
})
