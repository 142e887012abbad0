// The canned JSON-RPC answers of a chain (`chain.<id>.rpc`, replaced by `set: { rpc }`): first
// rule matching the method (and the params, when the rule gives them) wins; a rule with `times`
// answers that many requests, then is skipped. Counters live here, never in the scenario objects,
// so a scenario can be run again from the same loaded value.
import type { RpcRule } from '../scenario/types.js'
import { paramsMatch } from './rpc-params.js'

interface RuleSlot {
  rule: RpcRule
  /** undefined = always. */
  left: number | undefined
}

export class RpcRuleBook {
  readonly #slots: RuleSlot[]

  constructor(rules: readonly RpcRule[]) {
    this.#slots = rules.map((rule) => ({ rule, left: rule.times }))
  }

  /** The rule that answers this request, consuming one of its `times`; undefined = no rule. */
  take(method: string, params: unknown[]): RpcRule | undefined {
    for (const slot of this.#slots) {
      if (slot.rule.method !== method) continue
      if (slot.left !== undefined && slot.left <= 0) continue
      if (slot.rule.params !== undefined && !paramsMatch(slot.rule.params, params)) continue
      if (slot.left !== undefined) slot.left--
      return slot.rule
    }
    return undefined
  }
}
