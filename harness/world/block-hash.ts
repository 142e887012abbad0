// Block hashes the world invents for blocks a scenario does not give a hash. They must be a pure
// function of (seed, chain, number) — never of a random stream or of the order things happen in —
// so that the same scenario and seed give the same trace on every machine (harness/README.md, determinism contract).
import { encodeAbiParameters, keccak256 } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'

/** Versioned domain tag: changing the encoding must change the tag (and every pinned trace hash). */
const DOMAIN = 'nexum-sim/block-hash/v1'

const PARAMS = [
  { type: 'string', name: 'domain' },
  { type: 'uint256', name: 'seed' },
  { type: 'uint256', name: 'chainId' },
  { type: 'uint256', name: 'number' },
] as const

/** keccak256(abi.encode("nexum-sim/block-hash/v1", seed, chainId, number)). */
export function deriveBlockHash(seed: number | bigint, chainId: number, number: number): Hex {
  return keccak256(
    encodeAbiParameters(PARAMS, [DOMAIN, toUint('seed', seed), toUint('chainId', chainId), toUint('number', number)]),
  )
}

function toUint(what: string, value: number | bigint): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`deriveBlockHash: ${what} must be a non-negative integer, got ${value}`)
  }
  const big = BigInt(value)
  if (big < 0n) throw new RangeError(`deriveBlockHash: ${what} must be a non-negative integer, got ${value}`)
  return big
}
