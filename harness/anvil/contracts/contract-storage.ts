// Where each fixture contract (fixtures/contracts/*.sol) keeps the state a scenario declares, as
// `anvil_setStorageAt` writes. The slot numbers are the `// slot N` comments of the sources.
import { type Hex, keccak256, toBytes } from 'viem'
import type { ChainlinkAggregatorDecl, Erc20Decl, PollOutcomeDecl } from '../../scenario/types.js'
import { mappingSlot, type StorageWrite, slotHex, stringWrites, bytesWrites, word } from './storage-slots.js'

export function chainlinkAggregatorWrites(decl: ChainlinkAggregatorDecl, headTimestamp: number): StorageWrite[] {
  return [
    [slotHex(0n), word(decl.roundId)],
    [slotHex(1n), word(decl.answer)],
    chainlinkUpdatedAtWrite(decl.updatedAt ?? BigInt(headTimestamp)),
    [slotHex(3n), word(BigInt(decl.decimals))],
    ...stringWrites(4n, decl.description),
  ]
}

/** A feed declared without `updated_at` is fresh at every head: this write follows the head. */
export function chainlinkUpdatedAtWrite(updatedAt: bigint): StorageWrite {
  return [slotHex(2n), word(updatedAt)]
}

export function erc20Writes(decl: Erc20Decl): StorageWrite[] {
  const writes: StorageWrite[] = []
  let supply = 0n
  for (const [owner, amount] of decl.balances) {
    writes.push([slotHex(mappingSlot(owner, 0n)), word(amount)])
    supply += amount
  }
  for (const [owner, spenders] of decl.allowances)
    for (const [spender, amount] of spenders)
      writes.push([slotHex(mappingSlot(spender, mappingSlot(owner, 1n))), word(amount)])
  writes.push([slotHex(2n), word(BigInt(decl.decimals))], ...stringWrites(3n, decl.symbol), [slotHex(4n), word(supply)])
  return writes
}

const OUTCOME_CODES: Record<PollOutcomeDecl['outcome'], bigint> = {
  ready: 1n,
  'try-next-block': 2n,
  'try-at-block': 3n,
  'try-at-epoch': 4n,
  'order-not-valid': 5n,
  never: 6n,
}

/** GPv2Order's enum markers: keccak256 of the lowercase name (`sell`, `buy`, `erc20`, ...). */
function marker(name: string): bigint {
  return BigInt(keccak256(toBytes(name)))
}

/** ComposableCoW's `answers[owner]`: the answer its next poll for that owner gives. */
export function composableCowAnswerWrites(owner: Hex, outcome: PollOutcomeDecl): StorageWrite[] {
  const base = mappingSlot(owner, 0n)
  const at = (offset: number) => base + BigInt(offset)
  const number =
    outcome.outcome === 'try-at-block' ? outcome.block : outcome.outcome === 'try-at-epoch' ? outcome.epoch : 0n
  const reason = outcome.outcome === 'ready' ? '' : outcome.reason
  const writes: StorageWrite[] = [
    [slotHex(at(0)), word(OUTCOME_CODES[outcome.outcome])],
    [slotHex(at(1)), word(number)],
    ...stringWrites(at(2), reason),
    ...bytesWrites(at(3), outcome.outcome === 'ready' ? outcome.signature : '0x'),
  ]
  const o = outcome.outcome === 'ready' ? outcome.order : undefined
  const fields: bigint[] = o
    ? [
        BigInt(o.sellToken),
        BigInt(o.buyToken),
        BigInt(o.receiver),
        o.sellAmount,
        o.buyAmount,
        BigInt(o.validTo),
        BigInt(o.appData),
        o.feeAmount,
        marker(o.kind),
        o.partiallyFillable ? 1n : 0n,
        marker(o.sellTokenBalance),
        marker(o.buyTokenBalance),
      ]
    : new Array<bigint>(12).fill(0n)
  for (const [i, value] of fields.entries()) writes.push([slotHex(at(4 + i)), word(value)])
  return writes
}
