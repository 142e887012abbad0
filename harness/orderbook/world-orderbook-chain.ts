// The fake orderbook's chain in fixture mode: the simulated world's nodes, asked as another
// client of the chain would ask them (FakeNode.observeCall: declared state, no scripted rules).
import { encodeFunctionData, erc20Abi } from 'viem'
import { BaseError } from '../../engine/errors/base-error.js'
import type { Hex } from '../../engine/module-api/index.js'
import type { CallOutcome } from '../world/contracts/call-outcome.js'
import { GPV2_VAULT_RELAYER } from './gpv2-order.js'
import { isMagicValue, isValidSignatureCalldata } from './eip1271.js'
import type { OrderbookChain } from './orderbook-chain.js'

export interface ObservableNode {
  observeCall(to: Hex, data: Hex): CallOutcome | { kind: 'unmodelled' }
}

export class OrderbookChainUnavailableError extends BaseError {
  override readonly name = 'OrderbookChainUnavailableError'
}

/** `nodeOf(chainId)` is looked up per call: nodes may be created after the book. */
export function worldOrderbookChain(nodeOf: (chainId: number) => ObservableNode | undefined): OrderbookChain {
  return {
    async isValidSignature(chainId, owner, hash, signature) {
      const node = nodeOf(chainId)
      if (node === undefined) throw new OrderbookChainUnavailableError(`the world has no chain ${chainId}`)
      const outcome = node.observeCall(owner, isValidSignatureCalldata(hash, signature))
      if (outcome.kind === 'unmodelled') return 'unknown'
      if (outcome.kind === 'no-answer') throw new OrderbookChainUnavailableError(outcome.reason)
      return outcome.kind === 'return' && isMagicValue(outcome.data) ? 'valid' : 'invalid'
    },
    // Only a declared ERC-20 answers balanceOf with a word; anything else is not checked.
    async funding(chainId, owner, token) {
      const node = nodeOf(chainId)
      if (node === undefined) return undefined
      const read = (data: Hex): bigint | undefined => {
        const outcome = node.observeCall(token, data)
        return outcome.kind === 'return' && outcome.data.length === 66 ? BigInt(outcome.data) : undefined
      }
      const balance = read(encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [owner] }))
      const allowance = read(
        encodeFunctionData({ abi: erc20Abi, functionName: 'allowance', args: [owner, GPV2_VAULT_RELAYER] }),
      )
      return balance === undefined || allowance === undefined ? undefined : { balance, allowance }
    },
  }
}
