import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { addToCorpus, readCorpus } from './corpus.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})
const fresh = () => {
  dir = mkdtempSync(join(tmpdir(), 'nexum-corpus-'))
  return dir
}

describe('the fuzz corpus', () => {
  it('is empty when the file does not exist, and keeps each (seed, path) once', async () => {
    const file = join(fresh(), 'sub', 'corpus.jsonl')
    expect(await readCorpus(file)).toEqual([])
    await addToCorpus(file, { seed: 7, path: '3:1', file: 'a.yaml' })
    await addToCorpus(file, { seed: 7, path: '3:1', file: 'a.yaml' })
    await addToCorpus(file, { seed: 8, path: '0' })
    expect(await readCorpus(file)).toEqual([
      { seed: 7, path: '3:1', file: 'a.yaml' },
      { seed: 8, path: '0', file: undefined },
    ])
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2)
  })

  it('names the file and line of an entry it cannot read', async () => {
    const file = join(fresh(), 'corpus.jsonl')
    writeFileSync(file, '{"seed":1,"path":"2"}\n\n{"seed":"x","path":"2"}\n')
    await expect(readCorpus(file)).rejects.toThrow(`${file}:3: expected { "seed": <integer>, "path": "<n:n:…>" }`)
    writeFileSync(file, 'not json\n')
    await expect(readCorpus(file)).rejects.toThrow(`${file}:1: expected a JSON object { seed, path }, found "not json"`)
  })
})
