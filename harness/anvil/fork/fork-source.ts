// `--fork`: what an Anvil-mode run forks. `sepolia@BLOCK` forks live Sepolia at BLOCK through
// SEPOLIA_RPC_URL (opt-in: without it the run refuses, naming the variable); `cassette:FILE`
// replays a recorded fork (fork-cassette.ts) with no network.
import { type ForkCassette, loadForkCassette } from './fork-cassette.js'
import { BaseError } from '../../../engine/errors/base-error.js'

export type ForkSource =
  | { kind: 'live'; chainId: number; block: number; url: string; urlVariable: string }
  | { kind: 'cassette'; chainId: number; block: number; cassette: ForkCassette; file: string }

export class ForkSpecError extends BaseError {
  override readonly name = 'ForkSpecError'
}

/** The chains `NAME@BLOCK` may name, and the variable holding each one's RPC URL. */
const LIVE_CHAINS: Record<string, { chainId: number; urlVariable: string }> = {
  sepolia: { chainId: 11155111, urlVariable: 'SEPOLIA_RPC_URL' },
}

export async function parseForkSpec(
  spec: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ForkSource> {
  if (spec.startsWith('cassette:')) {
    const file = spec.slice('cassette:'.length)
    const cassette = await loadForkCassette(file)
    return { kind: 'cassette', chainId: cassette.chainId, block: cassette.forkBlock, cassette, file }
  }
  const match = /^([a-z]+)@(\d+)$/.exec(spec)
  const chain = match ? LIVE_CHAINS[match[1]!] : undefined
  if (!match || !chain)
    throw new ForkSpecError(
      `--fork: expected sepolia@BLOCK or cassette:FILE, found ${JSON.stringify(spec.length > 80 ? `${spec.slice(0, 80)}…` : spec)}`,
    )
  const url = env[chain.urlVariable]
  if (!url) throw new ForkSpecError(`--fork ${spec}: set ${chain.urlVariable} to the RPC URL to fork (it is opt-in)`)
  return { kind: 'live', chainId: chain.chainId, block: Number(match[2]), url, urlVariable: chain.urlVariable }
}
