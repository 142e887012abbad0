// The expectations a served world can judge from outside the engine: what reached the orderbook
// (`expect.orderbook` counts, `expect.journal` bodies and blocks). The rest of an `expect:` block
// (decisions, logs, store, dispatch, calls, exit, trace hash) is the engine's inside; a foreign
// engine has none of it, so those keys are listed as not judged, never failed.
import type { OrderPostCounts } from '../orderbook/fake-orderbook.js'
import { checkExpectations } from '../run/check-expectations.js'
import type { PostedOrder } from '../run/check-journal.js'
import { Observations } from '../run/observations.js'
import type { Expectations } from '../scenario/types.js'

export const BLACK_BOX_KEYS = ['orderbook', 'journal'] as const

export interface BlackBoxVerdict {
  failures: string[]
  /** `expect.decisions`-style key paths present in the file but not judged black-box. */
  unjudged: string[]
}

export function checkBlackBox(
  expect: Expectations,
  seen: { orderbook: OrderPostCounts; posted: readonly PostedOrder[] },
): BlackBoxVerdict {
  const judged: Expectations = { at: expect.at, orderbook: expect.orderbook, journal: expect.journal }
  const failures = checkExpectations(judged, {
    exit: undefined,
    observations: new Observations(),
    calls: new Map(),
    orderbook: seen.orderbook,
    posted: seen.posted,
    readStore: () => undefined,
    traceHash: '',
  })
  const unjudged = Object.keys(expect)
    .filter((k) => k !== 'at' && !(BLACK_BOX_KEYS as readonly string[]).includes(k))
    .map((k) => `${expect.at}.${snakeCase(k)}`)
  return { failures, unjudged }
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}
