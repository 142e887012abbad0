import { describe, it, expect } from 'vitest'
import { nextBlockKey, nextEpochKey, parseWatchKey, watchKey } from './watch-keys.js'

const id = { owner: '0x5AFE5afe5afe5afe5afe5afe5afe5afe5afe0001', paramsHash: `0x${'AB'.repeat(32)}` } as const
const owner = '0x5afe5afe5afe5afe5afe5afe5afe5afe5afe0001'
const hash = `0x${'ab'.repeat(32)}`

describe('watch keys', () => {
  it('spell owner and hash in lowercase under the Rust engine’s prefixes', () => {
    expect(watchKey(id)).toBe(`watch:${owner}:${hash}`)
    expect(nextBlockKey(id)).toBe(`next_block:${owner}:${hash}`)
    expect(nextEpochKey(id)).toBe(`next_epoch:${owner}:${hash}`)
  })

  it('parse back what watchKey wrote', () => {
    expect(parseWatchKey(watchKey(id))).toEqual({ owner, paramsHash: hash })
  })

  it('reject keys the module would not have written', () => {
    for (const key of [
      `next_block:${owner}:${hash}`,
      `watch:${owner}`,
      `watch:${owner}:${hash}:extra`,
      `watch:0x1234:${hash}`,
      `watch:${owner}:0x${'ab'.repeat(31)}`,
      `watch:${owner.toUpperCase().replace('0X', '0x')}:${hash}`,
      'watch:',
    ]) {
      expect(parseWatchKey(key), key).toBeUndefined()
    }
  })
})
