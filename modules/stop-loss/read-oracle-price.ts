// The feed's latest answer for stop-loss. An RPC failure is the Rust engine's warning; an answer that
// does not decode skips the block silently, as the Rust engine did (docs/design.md §8.5 step 1).
import type { Hex, ModuleHost } from '../sdk/index.js'
import { ChainlinkDecodeError, isHostError, readLatestRoundData } from '../sdk/index.js'

export async function readOraclePrice(host: ModuleHost, chainId: number, oracle: Hex): Promise<bigint | undefined> {
  try {
    return (await readLatestRoundData(host, chainId, oracle)).answer
  } catch (error) {
    if (isHostError(error)) {
      host.logging.log('warn', `stop-loss oracle eth_call failed (${error.code}): ${error.message}`)
      return undefined
    }
    if (error instanceof ChainlinkDecodeError) return undefined
    throw error
  }
}
