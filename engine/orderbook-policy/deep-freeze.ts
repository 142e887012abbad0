// A policy is shared by every module of a run (in-process) and read-only for all of them: frozen
// all the way down, so a module cannot change what another module decides by.
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}
