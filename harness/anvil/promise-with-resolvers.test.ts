import { describe, expect, it } from 'vitest'
import { installPromiseWithResolvers, type WithResolvers } from './promise-with-resolvers.js'
import { Instance, Pool } from './prool.js'

describe('Promise.withResolvers polyfill', () => {
  it('installs on a Promise constructor that lacks it, with working resolve and reject', async () => {
    class Bare<T> extends Promise<T> {}
    Object.defineProperty(Bare, 'withResolvers', { value: undefined, configurable: true, writable: true })
    expect(installPromiseWithResolvers(Bare)).toBe(true)
    const withResolvers = (Bare as unknown as { withResolvers<T>(): WithResolvers<T> }).withResolvers.bind(Bare)
    const a = withResolvers<number>()
    a.resolve(7)
    expect(await a.promise).toBe(7)
    const b = withResolvers<number>()
    b.reject(new Error('no'))
    await expect(b.promise).rejects.toThrow('no')
    expect(b.promise).toBeInstanceOf(Bare)
  })

  it('leaves an existing implementation alone', () => {
    const own = () => 'own'
    const target = { withResolvers: own }
    expect(installPromiseWithResolvers(target)).toBe(false)
    expect(target.withResolvers).toBe(own)
  })

  it('is in place once prool is imported through harness/anvil/prool.ts', async () => {
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function')
    // A Pool waiter is built on Promise.withResolvers: acquiring beyond the limit exercises it.
    const pool = Pool.create({ instance: fakeInstance(), limit: 1 })
    const first = await pool.acquire()
    const second = pool.acquire()
    await first.release()
    await (await second).release()
    await pool.close()
  })
})

function fakeInstance() {
  return Instance.define(() => ({
    name: 'nothing',
    host: '127.0.0.1',
    port: 1,
    async start() {},
    async stop() {},
  }))()
}
