// Plants a scenario's declared chain state on an anvil: each contract kind's real bytecode at its
// address (`anvil_setCode`), its state in storage (`anvil_setStorageAt`), native balances
// (`anvil_setBalance`). Nothing here mines a block. The protocol contracts a node-side check
// reads (GPv2Settlement, the EthFlows) are planted at their real Sepolia addresses too.
import { type Hex, numberToHex } from 'viem'
import { GPV2_SETTLEMENT, GPV2_VAULT_RELAYER } from '../../orderbook/gpv2-order.js'
import type { ContractDecl } from '../../scenario/types.js'
import type { NodeRpc } from '../node-rpc.js'
import { type FixtureContractName, fixtureContract } from './artifacts.js'
import { chainlinkAggregatorWrites, chainlinkUpdatedAtWrite, erc20Writes } from './contract-storage.js'
import { type StorageWrite, slotHex } from './storage-slots.js'

export { GPV2_SETTLEMENT, GPV2_VAULT_RELAYER }

/** The production and staging CoWSwapEthFlow (Sepolia addresses). */
export const ETHFLOW_CONTRACTS: readonly Hex[] = [
  '0xba3cb449bd2b4adddbc894d8697f5170800eadec',
  '0x04501b9b1d52e67f6862d157e00d13419d2d6e95',
]

const KIND_CONTRACTS: Record<ContractDecl['kind'], FixtureContractName> = {
  'chainlink-aggregator': 'ChainlinkAggregator',
  erc20: 'ERC20',
  'composable-cow': 'ComposableCoW',
}

const ZERO_WORD = slotHex(0n)

export class ContractPlanter {
  /** Slots written per address, so a replaced declaration leaves no stale entries behind. */
  readonly #written = new Map<Hex, Set<Hex>>()
  readonly #code = new Map<Hex, FixtureContractName>()
  /** Feeds declared without `updated_at`: fresh at every head, as in fixture mode. */
  readonly #freshFeeds = new Set<Hex>()
  /**
   * State changes made since the node last mined. They live in the head block's state, so
   * re-mining the head (`anvil_rollback` + mine) would lose them: the chain replays them first.
   */
  #journal: [method: string, params: unknown[]][] = []

  constructor(private readonly node: NodeRpc) {}

  async plantProtocol(): Promise<void> {
    await this.#setCode(GPV2_SETTLEMENT, 'GPv2Settlement')
    for (const ethflow of ETHFLOW_CONTRACTS) await this.#setCode(ethflow, 'CoWSwapEthFlow')
  }

  /** A declaration (initial or from a `set` step) replaces whatever the address held. */
  async plant(address: Hex, decl: ContractDecl, headTimestamp: number): Promise<void> {
    const at = address.toLowerCase() as Hex
    await this.#setCode(at, KIND_CONTRACTS[decl.kind])
    this.#freshFeeds.delete(at)
    let writes: StorageWrite[] = []
    if (decl.kind === 'chainlink-aggregator') {
      writes = chainlinkAggregatorWrites(decl, headTimestamp)
      if (decl.updatedAt === undefined) this.#freshFeeds.add(at)
    } else if (decl.kind === 'erc20') writes = erc20Writes(decl)
    // A ComposableCoW's answers are written per poll (anvil-polls.ts): nothing to store up front.
    await this.#replaceStorage(at, writes)
  }

  async setBalance(address: Hex, amount: bigint): Promise<void> {
    await this.#mutate('anvil_setBalance', [address, numberToHex(amount)])
  }

  /** Writes storage slots of an address, remembering them for a later replacement. */
  async write(address: Hex, writes: readonly StorageWrite[]): Promise<void> {
    const at = address.toLowerCase() as Hex
    const seen = this.#written.get(at) ?? new Set<Hex>()
    this.#written.set(at, seen)
    for (const [slot] of writes) seen.add(slot)
    await Promise.all(writes.map(([slot, value]) => this.#mutate('anvil_setStorageAt', [at, slot, value])))
  }

  /** Runs before every new head: feeds without `updated_at` were updated at that head. */
  async followHead(timestamp: number): Promise<void> {
    for (const feed of this.#freshFeeds) await this.write(feed, [chainlinkUpdatedAtWrite(BigInt(timestamp))])
  }

  /** The contract planted at an address, if any. */
  codeAt(address: Hex): FixtureContractName | undefined {
    return this.#code.get(address.toLowerCase() as Hex)
  }

  /** Makes an address able to emit logs: the bare emitter where no fixture contract lives. */
  async ensureEmitter(address: Hex): Promise<void> {
    if (!this.codeAt(address)) await this.#setCode(address.toLowerCase() as Hex, 'Emitter')
  }

  /** The node mined a block: every change so far is in its state. */
  mined(): void {
    this.#journal = []
  }

  /** The head block was rolled back: make the changes made since it was mined again, in order. */
  async replay(): Promise<void> {
    for (const [method, params] of this.#journal) await this.node.call(method, params)
  }

  async #mutate(method: string, params: unknown[]): Promise<void> {
    this.#journal.push([method, params])
    await this.node.call(method, params)
  }

  async #replaceStorage(at: Hex, writes: readonly StorageWrite[]): Promise<void> {
    const fresh = new Set(writes.map(([slot]) => slot))
    const stale = [...(this.#written.get(at) ?? [])].filter((slot) => !fresh.has(slot))
    this.#written.set(at, new Set())
    await this.write(at, [...stale.map((slot) => [slot, ZERO_WORD] as const), ...writes])
  }

  async #setCode(at: Hex, name: FixtureContractName): Promise<void> {
    if (this.#code.get(at) === name) return
    await this.#mutate('anvil_setCode', [at, fixtureContract(name).deployedBytecode])
    this.#code.set(at, name)
  }
}
