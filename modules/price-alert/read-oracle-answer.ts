// The feed's latest answer, or undefined after logging the Rust engine's warning for why there is none.
import type { Hex, ModuleHost } from '../sdk/index.js'
import { ChainlinkDecodeError, isHostError, readLatestRoundData } from '../sdk/index.js'

export async function readOracleAnswer(host: ModuleHost, chainId: number, oracle: Hex): Promise<bigint | undefined> {
  try {
    return (await readLatestRoundData(host, chainId, oracle)).answer
  } catch (error) {
    if (isHostError(error)) {
      host.logging.log('warn', `price-alert eth_call failed (${error.code}): ${error.message}`)
    } else if (error instanceof ChainlinkDecodeError) {
      const why =
        error.stage === 'hex'
          ? `cannot decode result hex ${error.raw}`
          : `latestRoundData decode failed: ${error.detail}`
      host.logging.log('warn', `price-alert: ${why}`)
    } else {
      throw error
    }
    return undefined
  }
}
