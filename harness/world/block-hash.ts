// Block hashes the world invents for blocks a scenario does not give a hash. They must be a pure
// function of (seed, chain, number) — never of a random stream or of the order things happen in —
// so that the same scenario and seed give the same trace on every machine (harness/README.md, determinism contract).
import sha3 from 'js-sha3'
import { encodeAbiParameters, hexToBytes } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'

/** Versioned domain tag: changing the encoding must change the tag (and every pinned trace hash). */
const DOMAIN = 'nexum-sim/block-hash/v1'

const PARAMS = [
  { type: 'string', name: 'domain' },
  { type: 'uint256', name: 'seed' },
  { type: 'uint256', name: 'chainId' },
  { type: 'uint256', name: 'number' },
] as const

/**
 * The encoding with a zero in place of `number`: only the number's word (bytes 96–127) changes
 * from block to block, so it is written into a copy instead of ABI-encoding all four every block.
 */
const TEMPLATE = hexToBytes(encodeAbiParameters(PARAMS, [DOMAIN, 0n, 0n, 0n]))
const SEED_AT = 32
const CHAIN_AT = 64
const NUMBER_AT = 96

/**
 * The hashes derived last, in a direct-mapped table of RECENT slots (by number and chain). A fuzz
 * campaign runs hundreds of cases on one seed, the same chains and the same block numbers: each
 * hash is derived once per thread, not once per case (decision 0224). Typed columns and the hash's
 * 32 bytes, not a Map of strings (decision 0216): a long run derives a new hash every block, and
 * entries kept ~1,000 blocks as objects were all promoted to the old generation.
 */
const RECENT = 1024
const recentSeeds: (number | bigint | undefined)[] = new Array(RECENT).fill(undefined)
const recentChains = new Float64Array(RECENT)
const recentNumbers = new Float64Array(RECENT)
const recentHashes = Buffer.alloc(RECENT * 32)

/** keccak256(abi.encode("nexum-sim/block-hash/v1", seed, chainId, number)). */
export function deriveBlockHash(seed: number | bigint, chainId: number, number: number): Hex {
  const slot = (number ^ Math.imul(chainId, 0x9e3779b1)) & (RECENT - 1)
  if (recentSeeds[slot] !== seed || recentChains[slot] !== chainId || recentNumbers[slot] !== number) {
    recentHashes.set(keccakBlockHash(seed, chainId, number), slot * 32)
    recentSeeds[slot] = seed
    recentChains[slot] = chainId
    recentNumbers[slot] = number
  }
  // One hex call over the kept bytes: js-sha3's own hex text is built a digit pair at a time.
  return `0x${recentHashes.toString('hex', slot * 32, slot * 32 + 32)}`
}

/**
 * The encoding of the last seed and chain hashed, their words written: a run derives every hash
 * on one seed and chain, so a block writes only its number's word (decision 0241).
 */
let encoded: { seed: number | bigint; chainId: number; bytes: Uint8Array; view: DataView } | undefined

function keccakBlockHash(seed: number | bigint, chainId: number, number: number): Uint8Array {
  if (encoded === undefined || encoded.seed !== seed || encoded.chainId !== chainId) {
    const bytes = TEMPLATE.slice()
    writeWord(bytes, SEED_AT, toUint('seed', seed))
    writeWord(bytes, CHAIN_AT, toUint('chainId', chainId))
    encoded = { seed, chainId, bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
  }
  const { bytes, view } = encoded
  if (typeof number === 'number' && Number.isSafeInteger(number) && number >= 0) {
    // Below 2^53: the word's top 24 bytes stay zero; its last eight are the number, big-endian.
    view.setUint32(NUMBER_AT + 24, Math.floor(number / 2 ** 32))
    view.setUint32(NUMBER_AT + 28, number >>> 0)
  } else {
    bytes.fill(0, NUMBER_AT, NUMBER_AT + 32)
    writeWord(bytes, NUMBER_AT, toUint('number', number))
  }
  // js-sha3's unrolled permutation: the same Keccak-256 as viem's (@noble/hashes), ~3x faster, and
  // the day derives one hash a block (decision 0211; block-hash.test.ts checks it against viem).
  return new Uint8Array(sha3.keccak256.arrayBuffer(bytes))
}

/** A uint256 big-endian into its 32-byte word (the template's word is zero). */
function writeWord(bytes: Uint8Array, at: number, value: bigint): void {
  if (value >= 1n << 256n) throw new RangeError(`deriveBlockHash: ${value} does not fit a uint256`)
  for (let i = at + 31; value > 0n; i--) {
    bytes[i] = Number(value & 0xffn)
    value >>= 8n
  }
}

function toUint(what: string, value: number | bigint): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`deriveBlockHash: ${what} must be a non-negative integer, got ${value}`)
  }
  const big = BigInt(value)
  if (big < 0n) throw new RangeError(`deriveBlockHash: ${what} must be a non-negative integer, got ${value}`)
  return big
}
