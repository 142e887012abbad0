// The errors the engine itself answers a host call with, before or instead of the world.
import { HostError, isHostError } from '../module-api/host-error.js'

/** Every call after the module trapped or passed its deadline. */
export function moduleDeadError(): HostError {
  return new HostError({ domain: 'engine', kind: 'unavailable', code: 0, message: 'module is dead' })
}

/** A call into a capability the manifest does not declare. */
export function capabilityDeniedError(capability: string, manifestFile: string): HostError {
  return new HostError({
    domain: capability,
    kind: 'denied',
    code: 0,
    message: `capability \`${capability}\` is not listed in [capabilities].required or [capabilities].optional of ${manifestFile}`,
  })
}

/**
 * A host implementation failed in a way it did not map (a bug, or a store exception): the module
 * still gets a HostError, never a raw exception it would mistake for its own trap.
 */
export function asHostError(error: unknown, domain: string): HostError {
  if (isHostError(error)) return error
  return new HostError({ domain, kind: 'internal', code: 0, message: errorMessage(error) })
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
