// One poll: `getTradeableOrderWithSignature(owner, params, 0x, [])` on ComposableCoW at latest.
// A revert whose data is one of IConditionalOrder's hints (forwarded by the chain host, COW-1082)
// is that outcome; any other RPC failure warns and means try-next-block; an answer that does not
// decode means try-next-block silently (docs/design.md §8.6 step 4).
import type { Hex, ModuleHost, PollOutcome } from '../sdk/index.js'
import {
  COMPOSABLE_COW,
  EthCallResultError,
  decodePollRevert,
  decodeRevertData,
  ethCall,
  isHostError,
} from '../sdk/index.js'
import type { WatchStatics } from './watch-memo.js'

export async function pollConditionalOrder(
  host: ModuleHost,
  chainId: number,
  calldata: Hex,
  decodeResult: WatchStatics['decodeResult'],
): Promise<PollOutcome> {
  let result: Hex
  try {
    result = await ethCall(host, chainId, COMPOSABLE_COW, calldata)
  } catch (error) {
    if (error instanceof EthCallResultError) return { kind: 'try-next-block' }
    if (!isHostError(error)) throw error
    const revert = decodeRevertData(error)
    const hinted = revert === undefined ? undefined : decodePollRevert(revert)
    if (hinted !== undefined) return hinted
    host.logging.log('warn', `eth_call failed (${error.message}); defaulting to TryNextBlock`)
    return { kind: 'try-next-block' }
  }
  return decodeResult(result) ?? { kind: 'try-next-block' }
}
