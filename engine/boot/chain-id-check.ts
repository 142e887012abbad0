// The chain id an endpoint reports (`eth_chainId`) must be the `[chains.<id>]` key it is
// configured under: a mainnet node configured as Sepolia would otherwise run silently (issue 9).
import { BaseError } from '../errors/base-error.js'

/** The endpoint answered with another chain id (or not a chain id at all): boot fails, exit 1. */
export class ChainIdMismatch extends BaseError {
  override readonly name = 'ChainIdMismatch'
  constructor(
    readonly keyPath: string,
    readonly expected: number,
    readonly found: string,
    url: string | undefined,
  ) {
    super(
      `${keyPath}: expected the endpoint${url ? ` ${url}` : ''} to report chain id ${expected} (eth_chainId ${hexOf(expected)}), found ${found}`,
      { docsPath: 'docs/runbooks/m3-sepolia.md' },
    )
  }
}

/** Throws ChainIdMismatch unless `answer` is the hex quantity of `configured`. */
export function checkChainId(configured: number, answer: unknown, url?: string): void {
  const keyPath = `chains.${configured}`
  if (typeof answer !== 'string' || !/^0x[0-9a-f]{1,64}$/i.test(answer))
    throw new ChainIdMismatch(keyPath, configured, `${describeAnswer(answer)} (not a hex quantity)`, url)
  const reported = BigInt(answer)
  if (reported !== BigInt(configured))
    throw new ChainIdMismatch(keyPath, configured, `chain id ${reported} (eth_chainId ${answer})`, url)
}

function hexOf(n: number): string {
  return `0x${n.toString(16)}`
}

/** A hostile answer is shown short: at most 64 characters of its JSON. */
function describeAnswer(answer: unknown): string {
  let text: string
  try {
    text = JSON.stringify(answer) ?? String(answer)
  } catch {
    text = String(answer)
  }
  return text.length > 64 ? `${text.slice(0, 64)}… (${text.length} characters)` : text
}
