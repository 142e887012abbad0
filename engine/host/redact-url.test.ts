import { describe, expect, it } from 'vitest'
import { fingerprint, redactUrl, redactUrls } from './redact-url.js'

describe('redactUrl', () => {
  it('keeps only the scheme, host and port, with a fingerprint when there was more', () => {
    const url = 'wss://eth-sepolia.g.alchemy.com/v2/abcDEF123_-xyz'
    expect(redactUrl(url)).toBe(`wss://eth-sepolia.g.alchemy.com#fp-${fingerprint(url)}`)
    expect(redactUrl('https://user:p%40ss@rpc.example:8545')).toMatch(/^https:\/\/rpc\.example:8545#fp-[0-9a-f]{8}$/)
  })

  it('tells two endpoints on one host apart, and is stable', () => {
    const a = redactUrl('https://rpc.example/rpc/KEY-A')
    const b = redactUrl('https://rpc.example/rpc/KEY-B')
    expect(a).not.toBe(b)
    expect(redactUrl('https://rpc.example/rpc/KEY-A')).toBe(a)
  })

  it('leaves a bare endpoint as it is, and is idempotent', () => {
    expect(redactUrl('ws://127.0.0.1:8545')).toBe('ws://127.0.0.1:8545')
    expect(redactUrl('wss://ethereum-sepolia-rpc.publicnode.com/')).toBe('wss://ethereum-sepolia-rpc.publicnode.com')
    const once = redactUrl('https://rpc.example/?x-goog-api-key=SECRET')
    expect(redactUrl(once)).toBe(once)
  })

  it('never echoes something that is not a URL', () => {
    expect(redactUrl('SECRETKEY123')).toBe(`(not a URL, 12 characters, fp-${fingerprint('SECRETKEY123')})`)
  })
})

describe('redactUrls', () => {
  it('redacts every URL in a text, whatever its scheme', () => {
    const text = 'dial ftp://u:SECRET@h/x failed; then wss://h2:443/rpc/SECRETKEY123?dkey=SECRET2 too'
    const out = redactUrls(text)
    expect(out).not.toMatch(/SECRET/)
    expect(out).toMatch(/^dial ftp:\/\/h#fp-[0-9a-f]{8} failed; then wss:\/\/h2:443#fp-[0-9a-f]{8} too$/)
  })
})
