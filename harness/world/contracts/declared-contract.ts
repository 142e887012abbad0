// A contract the scenario declared at an address, with whatever state answering it consumes
// (poll rules' `times`). Replacing the declaration (`set: { contracts }`) starts it afresh.
import type { Hex } from '../../../engine/module-api/index.js'
import type { ContractDecl } from '../../scenario/types.js'
import type { CallContext, CallOutcome } from './call-outcome.js'
import { answerChainlinkAggregator } from './chainlink-aggregator.js'
import { ComposableCowPolls } from './composable-cow.js'
import { answerErc20 } from './erc20.js'

export class DeclaredContract {
  readonly #polls: ComposableCowPolls | undefined

  constructor(readonly decl: ContractDecl) {
    this.#polls = decl.kind === 'composable-cow' ? new ComposableCowPolls(decl) : undefined
  }

  /** EIP-1271 on a Safe whose fallback handler is this contract (only a ComposableCoW authorises). */
  authorisesSafeSignature(owner: Hex, hash: Hex, signature: Hex, chainId: number): boolean {
    return this.#polls?.authorises(owner, hash, signature, chainId) ?? false
  }

  call(data: Hex, context: CallContext): CallOutcome {
    switch (this.decl.kind) {
      case 'chainlink-aggregator':
        return answerChainlinkAggregator(this.decl, data, context)
      case 'erc20':
        return answerErc20(this.decl, data)
      case 'composable-cow':
        return this.#polls!.answer(data)
    }
  }
}
