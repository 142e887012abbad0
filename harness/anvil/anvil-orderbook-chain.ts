// The fake orderbook's chain in Anvil mode: the real node, asked by the harness as the server
// asks its own node (not through the engine's proxy, so nothing is counted or scripted).
// - EIP-1271: `owner.isValidSignature(hash, signature)` on the node. An owner with no code is
//   modelled as in fixture mode (decision 0076): a Safe whose fallback handler forwards to
//   ComposableCoW, accepting what a declared composable-cow hands out for it.
// - Pre-signatures: GPv2Settlement `preSignature(uid)` on the node.
// - Funding: the owner's sell-token balance and its allowance to the GPv2 vault relayer.
import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { isMagicValue, isValidSignatureCalldata } from '../orderbook/eip1271.js'
import type { OrderbookChain } from '../orderbook/orderbook-chain.js'
import type { AnvilChain } from './anvil-chain.js'
import { fixtureContract } from './contracts/artifacts.js'
import { GPV2_SETTLEMENT, GPV2_VAULT_RELAYER } from './contracts/plant-contracts.js'
import { NodeRpcError } from './node-rpc.js'
import { BaseError } from '../../engine/errors/base-error.js'

export class AnvilOrderbookChainError extends BaseError {
  override readonly name = 'AnvilOrderbookChainError'
}

/**
 * `track` wraps every read: they are real I/O the run must wait for (quiescence), while the
 * engine's request that caused them waits inside MSW.
 */
export function anvilOrderbookChain(
  chainOf: (chainId: number) => AnvilChain | undefined,
  track: <T>(read: Promise<T>) => Promise<T>,
): OrderbookChain {
  const view = nodeView(chainOf)
  return {
    isValidSignature: (...args) => track(view.isValidSignature(...args)),
    preSignature: (...args) => track(view.preSignature(...args)),
    funding: (...args) => track(view.funding(...args)),
  }
}

function nodeView(chainOf: (chainId: number) => AnvilChain | undefined): Required<OrderbookChain> {
  const required = (chainId: number): AnvilChain => {
    const chain = chainOf(chainId)
    if (!chain) throw new AnvilOrderbookChainError(`the world has no chain ${chainId}`)
    return chain
  }
  const call = async (chain: AnvilChain, to: Hex, data: Hex): Promise<{ ok: true; data: Hex } | { ok: false }> => {
    try {
      return { ok: true, data: await chain.node.call<Hex>('eth_call', [{ to, data }, 'latest']) }
    } catch (error) {
      // A revert is an answer; anything else means the node could not be asked.
      if (error instanceof NodeRpcError && error.code === 3) return { ok: false }
      if (error instanceof NodeRpcError && /revert/i.test(error.message)) return { ok: false }
      throw error
    }
  }
  return {
    async isValidSignature(chainId, owner, hash, signature) {
      const chain = required(chainId)
      const code = await chain.node.call<Hex>('eth_getCode', [owner, 'latest'])
      if (code === '0x') return chain.answers.authorisesSafeSignature(owner, hash, signature) ? 'valid' : 'invalid'
      const answer = await call(chain, owner, isValidSignatureCalldata(hash, signature))
      return answer.ok && isMagicValue(answer.data) ? 'valid' : 'invalid'
    },
    async preSignature(chainId, uid) {
      const chain = required(chainId)
      const abi = fixtureContract('GPv2Settlement').abi
      const answer = await call(
        chain,
        GPV2_SETTLEMENT,
        encodeFunctionData({ abi, functionName: 'preSignature', args: [uid] }),
      )
      return answer.ok && BigInt(answer.data) !== 0n
    },
    async funding(chainId, owner, token) {
      const chain = required(chainId)
      if ((await chain.node.call<Hex>('eth_getCode', [token, 'latest'])) === '0x') return undefined
      const read = async (data: Hex, what: string): Promise<bigint> => {
        const answer = await call(chain, token, data)
        if (!answer.ok) return 0n
        try {
          return decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: answer.data })
        } catch {
          throw new AnvilOrderbookChainError(`token ${token} answered ${what} with ${answer.data}`)
        }
      }
      return {
        balance: await read(
          encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [owner] }),
          'balanceOf',
        ),
        allowance: await read(
          encodeFunctionData({ abi: erc20Abi, functionName: 'allowance', args: [owner, GPV2_VAULT_RELAYER] }),
          'allowance',
        ),
      }
    },
  }
}
