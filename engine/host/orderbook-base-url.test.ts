import { describe, expect, it } from 'vitest'
import { orderbookBaseUrl, orderbookUrl } from './orderbook-base-url.js'

describe('orderbookBaseUrl', () => {
  it("prefers the chain's orderbook_url, without its trailing slashes", () => {
    expect(orderbookBaseUrl(11155111, [{ chainId: 11155111, orderbookUrl: 'http://127.0.0.1:9000//' }])).toBe(
      'http://127.0.0.1:9000',
    )
    expect(orderbookBaseUrl(31337, [{ chainId: 31337, orderbookUrl: 'http://local/book' }])).toBe('http://local/book')
  })

  it('falls back to the public root, and has none for other chains', () => {
    expect(orderbookBaseUrl(11155111, [{ chainId: 11155111 }])).toBe('https://api.cow.fi/sepolia')
    expect(orderbookBaseUrl(100, [])).toBe('https://api.cow.fi/xdai')
    expect(orderbookBaseUrl(31337, [{ chainId: 31337 }])).toBeUndefined()
  })
})

describe('orderbookUrl', () => {
  it('strips exactly one leading slash and stays under the base', () => {
    expect(orderbookUrl('https://api.cow.fi/sepolia', '/api/v1/orders')).toBe(
      'https://api.cow.fi/sepolia/api/v1/orders',
    )
    expect(orderbookUrl('https://api.cow.fi/sepolia', 'api/v1/orders?a=1')).toBe(
      'https://api.cow.fi/sepolia/api/v1/orders?a=1',
    )
    expect(orderbookUrl('https://api.cow.fi/sepolia', '//evil.example/x')).toBe(
      'https://api.cow.fi/sepolia//evil.example/x',
    )
  })
})
