import { describe, expect, it } from 'vitest'
import { InvalidOrderbookRootError, OrderbookRoots } from './orderbook-roots.js'

describe('OrderbookRoots', () => {
  const roots = new OrderbookRoots(
    new Map([
      ['http://127.0.0.1:8080/', 31337],
      ['http://127.0.0.1:8080/sepolia', 11155111],
    ]),
  )

  it('routes every public network root to its chain, path relative to the root', () => {
    expect(roots.route('https://api.cow.fi/mainnet/api/v1/orders')).toEqual({
      root: 'https://api.cow.fi/mainnet',
      chainId: 1,
      env: 'prod',
      path: '/api/v1/orders',
      query: '',
    })
    expect(roots.route('https://api.cow.fi/xdai/api/v1/version')?.chainId).toBe(100)
    expect(roots.route('https://api.cow.fi/arbitrum_one/api/v1/version')?.chainId).toBe(42161)
    expect(roots.route('https://api.cow.fi/base/api/v1/version')?.chainId).toBe(8453)
    expect(roots.route('https://api.cow.fi/sepolia/api/v1/version')?.chainId).toBe(11155111)
  })

  it('drops the query string and treats the bare root as /', () => {
    expect(roots.route('https://api.cow.fi/sepolia/api/v1/orders/0xab?x=1')).toMatchObject({
      path: '/api/v1/orders/0xab',
      query: 'x=1',
    })
    expect(roots.route('https://api.cow.fi/sepolia')?.path).toBe('/')
  })

  it('prefers the longest custom root, and serves an origin-only root', () => {
    expect(roots.route('http://127.0.0.1:8080/sepolia/api/v1/orders')).toMatchObject({
      root: 'http://127.0.0.1:8080/sepolia',
      chainId: 11155111,
      env: 'prod',
      path: '/api/v1/orders',
    })
    expect(roots.route('http://127.0.0.1:8080/api/v1/orders')).toMatchObject({
      root: 'http://127.0.0.1:8080',
      chainId: 31337,
      path: '/api/v1/orders',
    })
  })

  it('routes nothing outside its roots', () => {
    expect(roots.route('https://api.cow.fi/goerli/api/v1/orders')).toBeUndefined()
    expect(roots.route('https://api.cow.fi/sepoliax/api/v1/orders')).toBeUndefined()
    expect(roots.route('https://barn.api.cow.fi/goerli/api/v1/orders')).toBeUndefined()
    expect(roots.route('http://127.0.0.1:8081/api/v1/orders')).toBeUndefined()
    expect(roots.route('not a url')).toBeUndefined()
  })

  it('routes the staging (barn) root of every public network as its own environment', () => {
    expect(roots.route('https://barn.api.cow.fi/sepolia/api/v1/orders')).toMatchObject({
      root: 'https://barn.api.cow.fi/sepolia',
      chainId: 11155111,
      env: 'staging',
    })
    expect(roots.route('https://barn.api.cow.fi/mainnet/api/v1/version')).toMatchObject({ chainId: 1, env: 'staging' })
  })

  it('lists its roots in a stable order', () => {
    expect(
      new OrderbookRoots()
        .list()
        .filter((r) => r.env === 'prod')
        .map((r) => r.chainId),
    ).toEqual([42161, 8453, 1, 11155111, 100])
    expect(new OrderbookRoots().list()).toHaveLength(10)
  })

  it('routes by its own custom roots when books with other roots were built before and after it', () => {
    const local = () => new OrderbookRoots(new Map([['http://127.0.0.1:4010/', 11155111]]))
    const other = new OrderbookRoots(new Map([['http://127.0.0.1:4010/', 100]]))
    const first = local()
    const second = local()
    for (const roots of [first, second])
      expect(roots.route('http://127.0.0.1:4010/api/v1/version')).toMatchObject({ chainId: 11155111, env: 'prod' })
    expect(other.route('http://127.0.0.1:4010/api/v1/version')).toMatchObject({ chainId: 100 })
    expect(new OrderbookRoots().route('http://127.0.0.1:4010/api/v1/version')).toBeUndefined()
    // Each list is the caller's own.
    first.list()[0]!.chainId = -1
    expect(second.list()).toEqual(local().list())
    expect(second.list().some((r) => r.chainId === -1)).toBe(false)
  })

  it('refuses a root that is not a plain URL', () => {
    expect(() => new OrderbookRoots(new Map([['nope', 1]]))).toThrow(InvalidOrderbookRootError)
    expect(() => new OrderbookRoots(new Map([['http://x.example/a?b=c', 1]]))).toThrow(/query/)
  })
})
