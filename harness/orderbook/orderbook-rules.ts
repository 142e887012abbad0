// Scenario rules (OrderbookBehaviour.rules): first match wins; a rule with `times` answers that
// many requests and is then skipped; `*` in a path matches within one segment.
import type { OrderbookRule } from '../scenario/types.js'

export interface RuleMatch {
  rule: OrderbookRule
  /** Position in the behaviour's rule list (for the trace). */
  index: number
}

/** `/api/v1/orders/*` → an anchored RegExp; `*` matches any run of characters except `/`. */
export function compilePathPattern(pattern: string): RegExp {
  const withSlash = pattern.startsWith('/') ? pattern : `/${pattern}`
  const source = withSlash
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*')
  return new RegExp(`^${source}$`)
}

export class RuleBook {
  private readonly patterns: RegExp[]
  private readonly used: number[]

  constructor(private readonly rules: readonly OrderbookRule[]) {
    this.patterns = rules.map((rule) => compilePathPattern(rule.match.path))
    this.used = rules.map(() => 0)
  }

  /** The first live rule matching; consumes one of its `times`. */
  take(method: string, path: string): RuleMatch | undefined {
    for (let index = 0; index < this.rules.length; index++) {
      const rule = this.rules[index]
      const pattern = this.patterns[index]
      if (rule === undefined || pattern === undefined) continue
      if (rule.times !== undefined && (this.used[index] ?? 0) >= rule.times) continue
      if (rule.match.method !== undefined && rule.match.method.toUpperCase() !== method.toUpperCase()) continue
      if (!pattern.test(path)) continue
      this.used[index] = (this.used[index] ?? 0) + 1
      return { rule, index }
    }
    return undefined
  }
}
