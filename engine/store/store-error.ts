// Failures of a KeyValueStore. The local-store host turns every one of them into a HostError
// (domain `local-store`, kind `internal`); the live engine's boot reports StoreLockedError as is.
import { BaseError } from '../errors/base-error.js'

export class StoreError extends BaseError {
  override readonly name: string = 'StoreError'
}

/** The Rust engine's message, verbatim. */
export class InvalidNamespaceError extends StoreError {
  override readonly name = 'InvalidNamespaceError'
  constructor() {
    super('invalid namespace: module namespace must not be empty')
  }
}

/** Another engine (this process or another) holds the store file. */
export class StoreLockedError extends StoreError {
  override readonly name = 'StoreLockedError'
  constructor(readonly path: string) {
    super(`local store ${path} is locked: another engine has it open (one engine per state_dir)`)
  }
}

/** The store file could not be opened or prepared. */
export class StoreOpenError extends StoreError {
  override readonly name = 'StoreOpenError'
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`cannot open local store ${path}: ${detail}`)
  }
}

export function assertNamespace(namespace: string): void {
  if (namespace.length === 0) throw new InvalidNamespaceError()
}
