import { describe, expect, it } from 'vitest'
import { redactUrl } from './redact-url.js'

describe('redactUrl', () => {
  it('masks the key after /v2/ and /v3/', () => {
    expect(redactUrl('wss://eth-sepolia.g.alchemy.com/v2/abcDEF123_-xyz')).toBe(
      'wss://eth-sepolia.g.alchemy.com/v2/***',
    )
    expect(redactUrl('https://sepolia.infura.io/v3/0123456789abcdef0123456789abcdef')).toBe(
      'https://sepolia.infura.io/v3/***',
    )
    expect(redactUrl('wss://mainnet.infura.io/ws/v3/shortkey')).toBe('wss://mainnet.infura.io/ws/v3/***')
  })

  it('masks long opaque token segments', () => {
    expect(redactUrl('https://name.quiknode.pro/a1b2c3d4e5f6a7b8c9d0e1f2/')).toBe('https://name.quiknode.pro/***/')
    expect(redactUrl(`https://rpc.ankr.com/eth_sepolia/${'f'.repeat(30)}1`)).toBe(
      'https://rpc.ankr.com/eth_sepolia/***',
    )
  })

  it('masks secret query values and keeps the others as written', () => {
    expect(redactUrl('https://rpc.example/?apikey=SECRET&chain=sepolia')).toBe(
      'https://rpc.example/?apikey=***&chain=sepolia',
    )
    expect(redactUrl('https://rpc.example/rpc?key=s&token=t&api_key=a&access_token=x&q=a+b')).toBe(
      'https://rpc.example/rpc?key=***&token=***&api_key=***&access_token=***&q=a+b',
    )
    expect(redactUrl('https://rpc.example/rpc?API-KEY=s#frag')).toBe('https://rpc.example/rpc?API-KEY=***#frag')
  })

  it('drops userinfo', () => {
    expect(redactUrl('https://user:p%40ss@rpc.example:8545/path')).toBe('https://rpc.example:8545/path')
    expect(redactUrl('wss://token@rpc.example')).toBe('wss://rpc.example')
  })

  it('leaves a URL without secrets unchanged', () => {
    for (const url of [
      'ws://127.0.0.1:8545',
      'wss://ethereum-sepolia-rpc.publicnode.com',
      'https://api.cow.fi/arbitrum_one/api/v1/orders',
      'http://localhost:8545/?chain=1',
    ]) {
      expect(redactUrl(url)).toBe(url)
    }
  })

  it('redacts something that does not parse as a URL instead of throwing', () => {
    expect(redactUrl('not a url/v2/KEY?token=x')).toBe('not a url/v2/***?token=***')
    expect(redactUrl('')).toBe('')
  })
})
