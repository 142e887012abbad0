// The JSON-RPC block object the fake node serves for `eth_getBlockBy*`: a well-formed empty block
// (no transactions, no uncles) with the world's number, hash, parent hash and timestamp, so a
// client's block formatter (viem's formatBlock) accepts it.
import { numberToHex } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'
import type { BlockHeader } from '../../engine/sources/source.js'

const ZERO_HASH: Hex = `0x${'0'.repeat(64)}`
const ZERO_ADDRESS: Hex = `0x${'0'.repeat(40)}`
/** keccak256(rlp([])): the uncles hash of a block without uncles. */
const EMPTY_UNCLES_HASH: Hex = '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'
/** The root of an empty Merkle-Patricia trie (no transactions, no receipts). */
const EMPTY_TRIE_ROOT: Hex = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421'
const EMPTY_BLOOM: Hex = `0x${'0'.repeat(512)}`
const GAS_LIMIT = numberToHex(30_000_000)
const BASE_FEE = numberToHex(1_000_000_000)

export interface RpcBlock {
  number: Hex
  hash: Hex
  parentHash: Hex
  timestamp: Hex
  nonce: Hex
  sha3Uncles: Hex
  logsBloom: Hex
  transactionsRoot: Hex
  stateRoot: Hex
  receiptsRoot: Hex
  miner: Hex
  difficulty: Hex
  totalDifficulty: Hex
  extraData: Hex
  size: Hex
  gasLimit: Hex
  gasUsed: Hex
  baseFeePerGas: Hex
  mixHash: Hex
  transactions: never[]
  uncles: never[]
}

export function syntheticBlock(header: BlockHeader, parentHash: Hex): RpcBlock {
  return {
    number: numberToHex(header.number),
    hash: header.hash,
    parentHash,
    timestamp: numberToHex(header.timestamp),
    nonce: '0x0000000000000000',
    sha3Uncles: EMPTY_UNCLES_HASH,
    logsBloom: EMPTY_BLOOM,
    transactionsRoot: EMPTY_TRIE_ROOT,
    stateRoot: ZERO_HASH,
    receiptsRoot: EMPTY_TRIE_ROOT,
    miner: ZERO_ADDRESS,
    difficulty: '0x0',
    totalDifficulty: '0x0',
    extraData: '0x',
    size: '0x0',
    gasLimit: GAS_LIMIT,
    gasUsed: '0x0',
    baseFeePerGas: BASE_FEE,
    mixHash: ZERO_HASH,
    transactions: [],
    uncles: [],
  }
}
