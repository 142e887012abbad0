import { describe, it, expect } from 'vitest'
import { bytesToHex, hexToBytes } from './hex-bytes.js'

describe('hex ↔ bytes', () => {
  it('converts both ways', () => {
    expect([...(hexToBytes('0x00ff10') as Uint8Array)]).toEqual([0, 255, 16])
    expect(bytesToHex(new Uint8Array([0, 255, 16]))).toBe('0x00ff10')
    expect(hexToBytes('0x')).toEqual(new Uint8Array(0))
    expect(bytesToHex(new Uint8Array(0))).toBe('0x')
  })

  it('rejects odd lengths and non-hex characters', () => {
    expect(hexToBytes('0x123')).toBeUndefined()
    expect(hexToBytes('0xzz')).toBeUndefined()
  })
})
