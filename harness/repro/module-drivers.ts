// How `repro` drives a module to a hand-typed submission: for each module it knows, whether a
// posted order body is the one a given configuration makes, and the chain state that makes the
// module post it on the next block. Read from the module's configuration (data), never from its
// code: the harness stays the module's independent judge.

export interface ModuleDriver {
  /** Why a body is not this configuration's order; undefined when it is. */
  mismatch(config: ReadonlyMap<string, string>, body: unknown): string | undefined
  /** The scenario's `chain.<id>` declaration that makes the module submit on the next block. */
  chainState(config: ReadonlyMap<string, string>): Record<string, unknown>
}

/** Modules whose submissions come from chain state a hand-typed exchange does not carry. */
const NOT_DRIVABLE: Readonly<Record<string, string>> = {
  'twap-monitor':
    'its orders come from ComposableCoW logs and getTradeableOrderWithSignature answers, which a hand-typed exchange does not carry; reproduce it from a journal line (it records the RPC answers)',
  'ethflow-watcher': 'it observes EthFlow placements and posts nothing',
  'price-alert': 'it only logs prices and posts nothing',
  'balance-tracker': 'it only tracks balances and posts nothing',
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)

/** stop-loss: posts its one configured order once the Chainlink answer is at or below the trigger. */
const stopLoss: ModuleDriver = {
  mismatch(config, body) {
    if (typeof body !== 'object' || body === null) return 'the request body is not a JSON object'
    const b = body as Record<string, unknown>
    const wanted: [string, string, unknown][] = [
      ['sellToken', 'sell_token', lower(config.get('sell_token'))],
      ['buyToken', 'buy_token', lower(config.get('buy_token'))],
      ['from', 'owner', lower(config.get('owner'))],
      ['receiver', 'owner', lower(config.get('owner'))],
      ['sellAmount', 'sell_amount_wei', config.get('sell_amount_wei')],
      ['buyAmount', 'buy_amount_wei', config.get('buy_amount_wei')],
      ['validTo', 'valid_to_seconds', Number(config.get('valid_to_seconds'))],
    ]
    for (const [field, key, value] of wanted) {
      const got = field === 'validTo' ? Number(b[field]) : lower(b[field])
      if (String(got) !== String(value))
        return `${field} is ${JSON.stringify(b[field])}, its config's ${key} makes ${JSON.stringify(value)}`
    }
    return undefined
  },
  chainState(config) {
    const decimals = Number(config.get('decimals') ?? '8')
    return {
      contracts: {
        [config.get('oracle_address') ?? '']: {
          kind: 'chainlink-aggregator',
          decimals,
          // Exactly at the trigger: the module's rule is "at or below".
          answer: scaleDecimal(config.get('trigger_price') ?? '0', decimals),
        },
      },
    }
  },
}

const DRIVERS: Readonly<Record<string, ModuleDriver>> = { 'stop-loss': stopLoss }

export type DriverLookup = { ok: true; driver: ModuleDriver } | { ok: false; reason: string }

/** By the manifest's `[module] name` (an instance may be renamed; its code is the same). */
export function driverFor(manifestName: string): DriverLookup {
  const driver = DRIVERS[manifestName]
  if (driver) return { ok: true, driver }
  return {
    ok: false,
    reason:
      NOT_DRIVABLE[manifestName] ??
      `repro knows no way to drive it to a given submission (drivable: ${Object.keys(DRIVERS).join(', ')})`,
  }
}

/** `2500.00` at 8 decimals → `250000000000`: the feed's integer units. */
export function scaleDecimal(text: string, decimals: number): string {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim())
  if (!m) throw new Error(`not a decimal number: ${JSON.stringify(text)}`)
  const fraction = (m[2] ?? '').padEnd(decimals, '0')
  if (fraction.length > decimals && /[1-9]/.test(fraction.slice(decimals)))
    throw new Error(`${text} has more than ${decimals} decimals`)
  return (BigInt(m[1] as string) * 10n ** BigInt(decimals) + BigInt(fraction.slice(0, decimals) || '0')).toString()
}
