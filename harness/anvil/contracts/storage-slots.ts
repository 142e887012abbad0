// Solidity storage addressing (docs.soliditylang.org, "Layout of State Variables in Storage"):
// enough of it to write the fixture contracts' state with `anvil_setStorageAt`.
import { concat, keccak256, numberToHex, pad, size, slice, toHex, type Hex } from 'viem'

export type StorageWrite = readonly [slot: Hex, value: Hex]

export function slotHex(slot: bigint): Hex {
  return numberToHex(slot, { size: 32 })
}

export function word(value: bigint): Hex {
  return numberToHex(BigInt.asUintN(256, value), { size: 32 })
}

/** The slot of `mapping[key]` when the mapping sits at `slot`; `key` is a value type (address, uint). */
export function mappingSlot(key: Hex | bigint, slot: bigint): bigint {
  const k = typeof key === 'bigint' ? word(key) : pad(key, { size: 32 })
  return BigInt(keccak256(concat([k, slotHex(slot)])))
}

/** A `bytes` or `string` value at `slot`: short (≤ 31 bytes) in place, long in keccak256(slot)…. */
export function bytesWrites(slot: bigint, value: Hex): StorageWrite[] {
  const length = size(value)
  if (length <= 31) {
    const body = length === 0 ? '' : value.slice(2)
    const packed = `0x${body.padEnd(62, '0')}${(length * 2).toString(16).padStart(2, '0')}` as Hex
    return [[slotHex(slot), packed]]
  }
  const writes: StorageWrite[] = [[slotHex(slot), word(BigInt(length * 2 + 1))]]
  const base = BigInt(keccak256(slotHex(slot)))
  for (let offset = 0, i = 0n; offset < length; offset += 32, i++) {
    const chunk = slice(value, offset, Math.min(offset + 32, length))
    writes.push([slotHex(base + i), pad(chunk, { dir: 'right', size: 32 })])
  }
  return writes
}

export function stringWrites(slot: bigint, value: string): StorageWrite[] {
  return bytesWrites(slot, toHex(value))
}
