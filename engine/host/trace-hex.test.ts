import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bufferHex, traceHex } from './trace-hex.js'

describe('traceHex', () => {
  it("writes what Buffer's hex writes, for views into larger buffers too", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat({ max: 8 }), fc.nat({ max: 8 }), (bytes, before, after) => {
        const backing = new Uint8Array(before + bytes.length + after).fill(0xee)
        backing.set(bytes, before)
        const view = backing.subarray(before, before + bytes.length)
        expect(traceHex(view)).toBe(`0x${Buffer.from(bytes).toString('hex')}`)
        expect(traceHex(view)).toBe(bufferHex(view))
        // The reused buffer leaves nothing of one value in the next.
        expect(traceHex(new Uint8Array([1]))).toBe('0x01')
      }),
      { numRuns: 2000 },
    )
  })

  it('writes the 64-byte edge and a Buffer as Buffer does, and a non-Uint8Array as before', () => {
    const edge = Uint8Array.from({ length: 65 }, (_, i) => (i * 37) & 255)
    expect(traceHex(edge.subarray(0, 64))).toBe(bufferHex(edge.subarray(0, 64)))
    expect(traceHex(edge)).toBe(bufferHex(edge))
    expect(traceHex(Buffer.from('ff00', 'hex'))).toBe('0xff00')
    const words = new Uint16Array([0x0102, 0xa0b0])
    expect(traceHex(words as unknown as Uint8Array)).toBe(bufferHex(words as unknown as Uint8Array))
  })
})
