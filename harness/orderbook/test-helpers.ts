// Shared by this folder's tests only: the scenario defaults they start from and a valid PreSign
// OrderCreation body built with viem. Their clock is engine/clock/virtual-clock.ts (decision 0112).
import { keccak256, stringToHex } from 'viem'

export const SEPOLIA = 11155111
export const SEPOLIA_ROOT = 'https://api.cow.fi/sepolia'
export const OWNER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
export const SELL_TOKEN = '0xfff9976782d46cc05630d1f6ebab18b2324d6b14'
export const BUY_TOKEN = '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238'
/** 2025-06-15T15:06:40Z, the scenario default head timestamp. */
export const START_MS = 1_750_000_000_000

export const EMPTY_APP_DATA = '{}'

/** A valid PreSign OrderCreation, validTo one hour after START_MS. */
export function presignOrderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sellToken: SELL_TOKEN,
    buyToken: BUY_TOKEN,
    receiver: null,
    sellAmount: '1000000000000000000',
    buyAmount: '2500000000',
    validTo: START_MS / 1000 + 3600,
    appData: EMPTY_APP_DATA,
    appDataHash: keccak256(stringToHex(EMPTY_APP_DATA)),
    feeAmount: '0',
    kind: 'sell',
    partiallyFillable: false,
    sellTokenBalance: 'erc20',
    buyTokenBalance: 'erc20',
    signingScheme: 'presign',
    signature: '0x',
    from: OWNER,
    ...overrides,
  }
}

export const JSON_HEADERS = { 'content-type': 'application/json' }

/** Lets pending promise continuations run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}
