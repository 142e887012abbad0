// What the fake orderbook asks the chain, as the real server asks its node: whether a contract
// owner accepts an order's signature (EIP-1271) and, where a settlement contract can be read,
// whether an order is pre-signed. Fixture mode answers from the simulated world
// (world-orderbook-chain.ts); an Anvil world can answer from its node through the same seam.
import type { Hex } from '../../engine/module-api/index.js'

/** `unknown`: the world has no model of the owner at all (see `isValidSignature`). */
export type SignatureCheck = 'valid' | 'invalid' | 'unknown'

export interface OrderbookChain {
  /**
   * `owner.isValidSignature(hash, signature)` returned the EIP-1271 magic value (`valid`), or
   * did not (reverted, returned anything else, or the owner has no code: `invalid`), or the world
   * has no model of the owner to answer with (`unknown`: the fake then accepts, as it cannot ask
   * anyone; decision 0076). Throws when the chain cannot be asked at all (the server: 500).
   */
  isValidSignature(chainId: number, owner: Hex, hash: Hex, signature: Hex): Promise<SignatureCheck>
  /**
   * GPv2Settlement `preSignature(uid)` is set. Absent when the world has no settlement contract
   * to read (fixture mode): a pre-signed order then stays `presignaturePending`, as on the server
   * until it sees the PreSignature event.
   */
  preSignature?: ((chainId: number, uid: Hex) => Promise<boolean>) | undefined
  /**
   * The owner's balance of an ERC-20 sell token and its allowance to the GPv2 vault relayer, as
   * the server reads them before accepting an order; undefined when `token` is not a contract
   * the world knows (then nothing is checked). Absent: no funding check.
   */
  funding?: ((chainId: number, owner: Hex, token: Hex) => Promise<Funding | undefined>) | undefined
}

export interface Funding {
  balance: bigint
  allowance: bigint
}

/** A world without chains: every contract signature is invalid (as for an owner with no code). */
export const NO_CHAIN: OrderbookChain = {
  isValidSignature: async () => 'invalid',
}
