// One chain of an Anvil-mode run: a leased anvil booted from a genesis one block below the
// scenario's head, the declared state planted for real, and the proxy the engine talks through.
// The node never mines by itself (`--no-mining`); every block is a step's (`evm_mine` at the step's
// timestamp):
// - `block` mines the next block at the scripted timestamp and releases its newHeads;
// - `log` puts a transaction emitting that exact log into the head block (re-mined with the
//   head's earlier log transactions, at the head's timestamp) and releases only that log, so
//   its block number is the head's, as in fixture mode;
// - `reorg` replaces the last blocks with `anvil_reorg` and releases their new heads.
// Notifications the step did not ask for (a re-mined head, earlier logs) are discarded.
import { encodeFunctionData, type Hex, numberToHex } from 'viem'
import type { BlockHeader, RawLog } from '../../engine/sources/source.js'
import type { ChainStateDecl, ContractDecl, RpcRule } from '../scenario/types.js'
import { deriveBlockHash } from '../world/block-hash.js'
import type { BlockStepFields } from '../world/block-history.js'
import { ComposableCowPolls } from '../world/contracts/composable-cow.js'
import type { VirtualClock } from '../../engine/clock/virtual-clock.js'
import type { AnvilLease, AnvilPool } from './anvil-pool.js'
import { fixtureContract } from './contracts/artifacts.js'
import { ContractPlanter } from './contracts/plant-contracts.js'
import { type NodeRpc, nodeRpc } from './node-rpc.js'
import { type HeldNotification, type ProxiedSubscription, type RpcProxy, startRpcProxy } from './proxy/rpc-proxy.js'
import { ScriptedAnswers } from './scripted-answers.js'
import { BaseError } from '../../engine/errors/base-error.js'

/** Seconds between blocks when a step gives no timestamp (as in fixture mode). */
const BLOCK_INTERVAL_SECONDS = 12
/** Real time anvil gets to send the notifications of a block it mined. */
const NOTIFY_TIMEOUT_MS = 10_000
const SENDER_FUNDS = 10n ** 30n

export class AnvilChainError extends BaseError {
  override readonly name = 'AnvilChainError'
}

export interface AnvilChainOptions {
  chainId: number
  declared: ChainStateDecl
  rules: readonly RpcRule[]
  pool: AnvilPool
  clock: VirtualClock
  seed: number
  /** A request or step the chain could not honour: fails the run, naming it. */
  fail(message: string): void
  /** The engine's socket to this chain closed (dropped, or the engine closed it). */
  onEngineSocketClosed(): void
  /**
   * Fork this upstream at this block instead of starting from a genesis: the chain id, the
   * history and every state nobody declared come from it. The head is then the block after.
   */
  fork?: { url: string; block: number } | undefined
}

interface LogTx {
  to: Hex
  data: Hex
}

export class AnvilChain {
  #head: BlockHeader
  /** Whether the engine has been sent the head block (fixture mode's first block is the declared head). */
  #announced = false
  /** Whether the head block exists on the node (it does once announced, or once a log went into it). */
  #headMined = false
  /** The head block's log transactions, re-sent whenever it is re-mined. */
  #headTxs: LogTx[] = []
  #sender: Hex = '0x'
  /** The highest block the steps never replace: the genesis, or the fork block. */
  #base: number
  readonly released = { blocks: 0, logs: 0 }

  private constructor(
    readonly chainId: number,
    private readonly lease: AnvilLease,
    readonly node: NodeRpc,
    readonly proxy: RpcProxy,
    readonly planter: ContractPlanter,
    readonly answers: ScriptedAnswers,
    private readonly options: AnvilChainOptions,
  ) {
    const { head } = options.declared
    this.#base = head.number - 1
    this.#head = {
      number: head.number,
      timestamp: head.timestamp,
      hash: deriveBlockHash(options.seed, chainId, head.number),
    }
  }

  static async start(options: AnvilChainOptions): Promise<AnvilChain> {
    const { head } = options.declared
    const fork = options.fork
    if (!fork && head.number < 1)
      throw new AnvilChainError(`chain ${options.chainId}: anvil mode needs a head number ≥ 1`)
    const lease = await options.pool.lease(
      fork
        ? {
            // --no-storage-caching: anvil must ask the upstream, never answer from its disk cache.
            args: [
              '--fork-url',
              fork.url,
              '--fork-block-number',
              String(fork.block),
              '--no-storage-caching',
              '--no-mining',
              '--accounts',
              '1',
            ],
          }
        : {
            chainId: options.chainId,
            args: ['--no-mining', '--accounts', '1'],
            genesis: genesisBelow(options.chainId, head),
          },
    )
    let proxy: RpcProxy | undefined
    try {
      const node = nodeRpc(lease.anvil.url)
      const planter = new ContractPlanter(node)
      const answers = new ScriptedAnswers({
        chainId: options.chainId,
        clock: options.clock,
        planter,
        rules: options.rules,
        fail: options.fail,
      })
      proxy = await startRpcProxy({
        upstream: lease.anvil.url,
        intercept: answers.intercept,
        onEngineSocketClosed: options.onEngineSocketClosed,
      })
      const chain = new AnvilChain(options.chainId, lease, node, proxy, planter, answers, options)
      if (fork) await chain.#startOnFork(fork.block)
      await chain.#plant()
      return chain
    } catch (error) {
      await proxy?.close()
      await lease.release()
      throw error
    }
  }

  /**
   * On a fork the script's first block is the one after the fork block. anvil cannot roll a fork
   * back onto its fork block, so a `log` before the first `block` is refused there.
   */
  async #startOnFork(block: number): Promise<void> {
    const chainId = Number(await this.node.call<string>('eth_chainId'))
    if (chainId !== this.chainId)
      throw new AnvilChainError(`the fork upstream is chain ${chainId}, the scenario's chain is ${this.chainId}`)
    const forked = await this.node.call<{ timestamp: string } | null>('eth_getBlockByNumber', [
      numberToHex(block),
      false,
    ])
    if (!forked) throw new AnvilChainError(`the fork upstream has no block ${block}`)
    const timestamp = Number(forked.timestamp) + BLOCK_INTERVAL_SECONDS
    this.#base = block
    this.#head = { number: block + 1, timestamp, hash: deriveBlockHash(this.options.seed, this.chainId, block + 1) }
  }

  async #plant(): Promise<void> {
    const [sender] = await this.node.call<Hex[]>('eth_accounts')
    if (!sender) throw new AnvilChainError(`chain ${this.chainId}: anvil has no unlocked account`)
    this.#sender = sender
    await this.planter.setBalance(sender, SENDER_FUNDS)
    await this.planter.plantProtocol()
    await this.changeState({ balances: this.options.declared.balances, contracts: this.options.declared.contracts })
  }

  head(): BlockHeader {
    return { ...this.#head }
  }

  /** The header a `block` step makes, defaults as in fixture mode (the first block is the declared head). */
  nextHeader(fields: BlockStepFields): BlockHeader {
    const head = this.#head
    const number = fields.number ?? (this.#announced ? head.number + 1 : head.number)
    const timestamp = fields.timestamp ?? (this.#announced ? head.timestamp + BLOCK_INTERVAL_SECONDS : head.timestamp)
    // The node decides the real hash; the trace's line names the run's derived one.
    return { number, timestamp, hash: fields.hash ?? deriveBlockHash(this.options.seed, this.chainId, number) }
  }

  async changeState(change: {
    balances?: Map<Hex, bigint> | undefined
    contracts?: Map<Hex, ContractDecl> | undefined
  }): Promise<void> {
    for (const [address, amount] of change.balances ?? []) await this.planter.setBalance(address, amount)
    for (const [address, decl] of change.contracts ?? []) {
      await this.planter.plant(address, decl, this.#head.timestamp)
      if (decl.kind === 'composable-cow') this.answers.declarePolls(address, new ComposableCowPolls(decl))
    }
  }

  async commitBlock(header: BlockHeader): Promise<void> {
    this.#discardStale()
    const head = this.#head
    if (header.number < head.number) throw new AnvilChainError(this.#belowHead(header.number))
    if (header.number === head.number) {
      // The declared head's first announcement, or the same height again (a reorg of one block).
      await this.planter.followHead(header.timestamp)
      if (this.#headMined) await this.#rollbackHead()
      await this.#mine(header.timestamp, this.#headTxs)
    } else {
      // Blocks the script skipped exist on a real chain: mined, never announced.
      let tip = this.#headMined ? head.number : head.number - 1
      while (tip + 1 < header.number) {
        await this.#mine(head.timestamp, [])
        tip++
      }
      await this.planter.followHead(header.timestamp)
      await this.#mine(header.timestamp, [])
      this.#headTxs = []
    }
    await this.#releaseHeads([header.number])
    this.#head = { ...header }
    this.#announced = true
    this.#headMined = true
  }

  async emitLog(log: RawLog): Promise<void> {
    this.#discardStale()
    if (log.removed)
      throw new AnvilChainError(
        'a node sends no log with removed: true on request; script a reorg step instead, or declare modes: [fixture]',
      )
    await this.planter.ensureEmitter(log.address)
    const tx: LogTx = {
      to: log.address,
      data: encodeFunctionData({
        abi: fixtureContract('Emitter').abi,
        functionName: 'nexumEmitLog',
        args: [log.topics, log.data],
      }),
    }
    if (this.#headMined) await this.#rollbackHead()
    const hashes = await this.#mine(this.#head.timestamp, [...this.#headTxs, tx])
    this.#headTxs.push(tx)
    this.#headMined = true
    const txHash = hashes[hashes.length - 1]!
    const wanted = this.proxy.subscriptions().filter((s) => s.kind === 'logs' && filterMatches(s, log))
    const heads = this.proxy.subscriptions().filter((s) => s.kind === 'newHeads')
    const isNew = (h: HeldNotification) =>
      h.subscription.kind === 'logs' && resultField(h, 'transactionHash') === txHash
    await this.proxy.waitForHeld(
      (held) =>
        wanted.every((s) => held.some((h) => h.subscription === s && isNew(h))) &&
        heads.every((s) => held.some((h) => h.subscription === s)),
      NOTIFY_TIMEOUT_MS,
      `the log of ${txHash} to ${wanted.length} subscription(s)`,
    )
    // In the order the engine opened its subscriptions, as a node (and fixture mode) routes a log.
    const order = this.proxy.subscriptions()
    const fresh = this.proxy
      .held()
      .filter(isNew)
      .sort((a, b) => order.indexOf(a.subscription) - order.indexOf(b.subscription))
    for (const h of fresh) {
      this.proxy.release(h)
      this.released.logs++
    }
    this.#discardStale()
  }

  /** `reorg: N`: the last N blocks are replaced (anvil_reorg); their new heads go out in order. */
  async reorg(depth: number, sent: (header: BlockHeader) => void = () => {}): Promise<void> {
    this.#discardStale()
    const head = this.#head
    if (!this.#announced || depth > head.number - this.#base)
      throw new AnvilChainError(`a reorg of ${depth} blocks needs ${depth} announced blocks below the head`)
    await this.node.call('anvil_reorg', [depth, []])
    this.planter.mined()
    const numbers = Array.from({ length: depth }, (_, i) => head.number - depth + 1 + i)
    this.#headTxs = []
    await this.#releaseHeads(numbers, sent)
  }

  /** Sends every open stream of this kind an item it cannot read (a `error` step). */
  injectError(subscriptions: readonly ProxiedSubscription[]): number {
    let hit = 0
    for (const s of subscriptions)
      if (this.proxy.inject(s, { unreadable: 'scripted stream error' })) {
        hit++
        if (s.kind === 'newHeads') this.released.blocks++
        else this.released.logs++
      }
    return hit
  }

  async stop(): Promise<void> {
    await this.proxy.close()
    await this.lease.release()
  }

  #belowHead(number: number): string {
    return `block ${number} is below the head ${this.#head.number}: on a node an earlier height is a reorg; script reorg: <depth>`
  }

  async #releaseHeads(numbers: number[], sent: (header: BlockHeader) => void = () => {}): Promise<void> {
    const heads = this.proxy.subscriptions().filter((s) => s.kind === 'newHeads')
    const numberOf = (h: HeldNotification) => Number(resultField(h, 'number'))
    await this.proxy.waitForHeld(
      (held) => heads.every((s) => numbers.every((n) => held.some((h) => h.subscription === s && numberOf(h) === n))),
      NOTIFY_TIMEOUT_MS,
      `newHeads ${numbers.join(', ')} to ${heads.length} subscription(s)`,
    )
    for (const n of numbers) {
      const first = this.proxy.held().find((h) => h.subscription.kind === 'newHeads' && numberOf(h) === n)
      if (first)
        sent({ number: n, hash: resultField(first, 'hash') as Hex, timestamp: Number(resultField(first, 'timestamp')) })
      for (const h of [...this.proxy.held()])
        if (h.subscription.kind === 'newHeads' && numberOf(h) === n) {
          this.proxy.release(h)
          this.released.blocks++
        }
    }
    this.#discardStale()
  }

  #discardStale(): void {
    for (const h of [...this.proxy.held()]) this.proxy.discard(h)
  }

  /** Takes the head block off the node (to mine it again), keeping the state changes made on it. */
  async #rollbackHead(): Promise<void> {
    if (this.options.fork && this.#head.number - 1 <= this.#base)
      throw new AnvilChainError(
        `block ${this.#head.number} cannot be mined again: anvil cannot roll a fork back onto its fork block (script a block before the first log)`,
      )
    await this.node.call('anvil_rollback', [1])
    await this.planter.replay()
  }

  async #mine(timestamp: number, txs: readonly LogTx[]): Promise<Hex[]> {
    const hashes: Hex[] = []
    for (const tx of txs)
      hashes.push(
        await this.node.call<Hex>('eth_sendTransaction', [
          { from: this.#sender, to: tx.to, data: tx.data, gas: numberToHex(5_000_000) },
        ]),
      )
    // One call: evm_mine takes the block's timestamp (as evm_setNextBlockTimestamp would set it).
    await this.node.call('evm_mine', [timestamp])
    this.planter.mined()
    return hashes
  }
}

function genesisBelow(chainId: number, head: { number: number; timestamp: number }): Record<string, unknown> {
  return {
    config: { chainId },
    number: numberToHex(head.number - 1),
    timestamp: numberToHex(Math.max(0, head.timestamp - BLOCK_INTERVAL_SECONDS)),
    gasLimit: numberToHex(30_000_000),
    baseFeePerGas: numberToHex(1),
    difficulty: '0x0',
    alloc: {},
  }
}

function resultField(h: HeldNotification, field: string): unknown {
  const result = h.result as Record<string, unknown> | null
  return typeof result === 'object' && result !== null ? result[field] : undefined
}

/** Whether a `logs` subscription's filter (address, topic 0) takes this log. */
function filterMatches(s: ProxiedSubscription, log: RawLog): boolean {
  const filter = s.filter ?? {}
  if (filter.address && filter.address.toLowerCase() !== log.address.toLowerCase()) return false
  const topics = filter.topics ?? []
  return topics.every((t, i) => t === null || t === undefined || t.toLowerCase() === log.topics[i]?.toLowerCase())
}
