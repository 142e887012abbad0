// What the model knows of the shipped modules, written down from their documentation (the
// manifests' defaults, docs/design.md §8, docs/scenarios.md): the judge's own copy of the facts,
// never read from modules/ at run time.
import type { CaseModule, ChainId, RealKind, Subscription } from './fuzz-case.js'

/** The world's default head on every chain (docs/scenarios.md, `chain.<id>.head`). */
export const WORLD_HEAD = { number: 7_000_000, timestamp: 1_750_000_000 } as const

/** The Chainlink feed every generated world declares on each chain (ETH/USD, 8 decimals). */
export const FEED = {
  address: '0x694AA1769357215DE4FAC081bf1f309aDC325306',
  decimals: 8,
  answer: '174553978080',
} as const

const TWAP_COMPOSABLE_COW = '0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74'
const TWAP_CONDITIONAL_ORDER_CREATED = '0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361'
const ETHFLOW = '0xbA3cB449bD2B4ADddBc894D8697F5170800EAdeC'
const ETHFLOW_ORDER_PLACEMENT = '0xcf5f9de2984132265203b5c335b25727702ca77262ff622e136baa7362bf1da9'

/** Each module's `[[subscription]]` list in its module.toml. */
export const MANIFEST_SUBSCRIPTIONS: Record<RealKind, Subscription[]> = {
  'stop-loss': [{ kind: 'block', chain: 11155111 }],
  'price-alert': [{ kind: 'block', chain: 11155111 }],
  'balance-tracker': [{ kind: 'block', chain: 11155111 }],
  'twap-monitor': [
    {
      kind: 'log',
      chain: 11155111,
      address: TWAP_COMPOSABLE_COW.toLowerCase(),
      topic0: TWAP_CONDITIONAL_ORDER_CREATED,
    },
    { kind: 'block', chain: 11155111 },
  ],
  'ethflow-watcher': [
    { kind: 'log', chain: 11155111, address: ETHFLOW.toLowerCase(), topic0: ETHFLOW_ORDER_PLACEMENT },
  ],
}

/** stop-loss: the feed's answer in its units, the config keys the fuzzer varies, its freshness rule. */
export const STOP_LOSS = {
  /** FEED.answer / 10^8: 1745.53978080. */
  feedAnswer: 1745.5397808,
  defaults: { trigger_price: '2500.00', sell_amount_wei: '1000000000000000000' },
  /** `max_price_age_secs` default: an answer older than this before the block is ignored. */
  maxPriceAgeSecs: 3600,
} as const

/** Config values within each module's schema (its config-schema.ts), merged over the manifest's. */
export const CONFIG_CHOICES: Record<RealKind, Record<string, readonly string[]>> = {
  // One trigger above the feed's answer (posts), one below (idle); two order sizes = two UIDs.
  'stop-loss': {
    trigger_price: ['2500.00', '1000.00'],
    sell_amount_wei: ['1000000000000000000', '2000000000000000000'],
  },
  'price-alert': { threshold: ['2500.00', '1000.00'], direction: ['above', 'below'], every_n_blocks: ['1', '2', '7'] },
  'balance-tracker': {
    addresses: [
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8,0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    ],
    change_threshold: ['1', '100000000000000000'],
  },
  'twap-monitor': {},
  'ethflow-watcher': {},
}

/** The subscriptions a module runs with: the case's list, or its manifest's. */
export function subscriptionsOf(m: CaseModule): Subscription[] {
  if (m.subscriptions !== undefined) return m.subscriptions
  return m.kind in MANIFEST_SUBSCRIPTIONS ? MANIFEST_SUBSCRIPTIONS[m.kind as RealKind] : []
}

/** The chains a module's subscriptions name. */
export function chainsOf(m: CaseModule): ChainId[] {
  return subscriptionsOf(m).map((s) => s.chain)
}
