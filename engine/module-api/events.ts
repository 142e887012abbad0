// What a module receives. Shapes follow the Rust engine's WIT `types.wit`, in TypeScript terms.

export type Hex = `0x${string}`

export interface Block {
  chainId: number
  number: number
  /** 32-byte block hash, 0x lowercase hex. */
  hash: Hex
  /** Milliseconds since the epoch (header seconds x 1000). */
  timestamp: number
}

export interface Log {
  chainId: number
  /** 20-byte address, 0x lowercase hex. */
  address: Hex
  /** 32-byte topics, 0x lowercase hex. */
  topics: Hex[]
  data: Hex
  /** 0 when the node did not say. */
  blockNumber: number
  /** `0x` (empty) when the node did not say. */
  transactionHash: Hex
  logIndex: number
}

/** The Rust engine only ever sends `block` and single-element `logs`; so does this engine. */
export type ModuleEvent = { kind: 'block'; block: Block } | { kind: 'logs'; logs: Log[] }
