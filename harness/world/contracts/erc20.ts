// An ERC-20 token whose balances and allowances are the declared ones (undeclared = 0).
import type { Hex } from '../../../engine/module-api/index.js'
import type { Erc20Decl } from '../../scenario/types.js'
import { erc20Abi as abi } from './abis.js'
import type { CallOutcome } from './call-outcome.js'
import { decodeCall, returning } from './decode-call.js'

export function answerErc20(decl: Erc20Decl, data: Hex): CallOutcome {
  const decoded = decodeCall(abi, data, 'erc20')
  if (!decoded.ok) return decoded.outcome
  const call = decoded.call
  switch (call.functionName) {
    case 'balanceOf':
      return returning(abi, call.functionName, decl.balances.get(lower(call.args[0])) ?? 0n)
    case 'allowance':
      return returning(abi, call.functionName, decl.allowances.get(lower(call.args[0]))?.get(lower(call.args[1])) ?? 0n)
    case 'decimals':
      return returning(abi, call.functionName, decl.decimals)
    case 'symbol':
      return returning(abi, call.functionName, decl.symbol)
    // The declaration has no name: the symbol stands in for it.
    case 'name':
      return returning(abi, call.functionName, decl.symbol)
    // Only declared holders exist in this world, so they hold the whole supply.
    case 'totalSupply': {
      let total = 0n
      for (const amount of decl.balances.values()) total += amount
      return returning(abi, call.functionName, total)
    }
  }
}

function lower(address: Hex): Hex {
  return address.toLowerCase() as Hex
}
