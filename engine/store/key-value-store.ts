// The backing store of the `local-store` host: namespaced per module. The live engine uses a
// durable SQLite file; simulations an in-memory map. Both sort keys by byte order.

export interface KeyValueStore {
  get(namespace: string, key: string): Uint8Array | undefined
  set(namespace: string, key: string, value: Uint8Array): void
  delete(namespace: string, key: string): void
  /** Keys of `namespace` starting with `prefix`, sorted by UTF-8 byte order, namespace stripped. */
  listKeys(namespace: string, prefix: string): string[]
  close(): void
}
