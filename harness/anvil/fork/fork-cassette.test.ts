import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/support/temp-dir.js'
import { type ForkCassette, loadForkCassette, saveForkCassette } from './fork-cassette.js'

const CASSETTE: ForkCassette = {
  version: 1,
  chainId: 11155111,
  forkBlock: 5,
  answers: [{ method: 'eth_chainId', params: [], result: '0xaa36a7' }],
}

describe('saveForkCassette', () => {
  it('replaces a previous cassette whole, leaving no temp file beside it', async () => {
    const dir = tempDir('nexum-fork-cassette-')
    const file = join(dir, 'fork.json')
    writeFileSync(file, 'an older recording')
    await saveForkCassette(file, CASSETTE)
    expect(await loadForkCassette(file)).toEqual(CASSETTE)
    expect(readdirSync(dir)).toEqual(['fork.json'])
  })

  it('writes nothing when the cassette cannot take its place, and says why', async () => {
    const dir = tempDir('nexum-fork-cassette-')
    mkdirSync(join(dir, 'fork.json', 'inside'), { recursive: true })
    await expect(saveForkCassette(join(dir, 'fork.json'), CASSETTE)).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/)
    expect(readdirSync(dir)).toEqual(['fork.json'])
    expect(readdirSync(join(dir, 'fork.json'))).toEqual(['inside'])
  })
})
