// prool (every version) calls `Promise.withResolvers`, which Node 20 lacks (Node ≥ 22 has it).
// This is the one place it is provided; harness/anvil/prool.ts imports it before prool itself.

export interface WithResolvers<T> {
  promise: Promise<T>
  resolve: (value: T | PromiseLike<T>) => void
  reject: (reason?: unknown) => void
}

/** Adds `withResolvers` to a Promise constructor lacking it; returns whether it did. */
export function installPromiseWithResolvers(target: object = Promise): boolean {
  if (typeof (target as { withResolvers?: unknown }).withResolvers === 'function') return false
  Object.defineProperty(target, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor): WithResolvers<T> {
      let resolve!: WithResolvers<T>['resolve']
      let reject!: WithResolvers<T>['reject']
      const promise = new this<T>((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    },
  })
  return true
}

installPromiseWithResolvers()
