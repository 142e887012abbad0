import { describe, expect, it } from 'vitest'
import { progressLine } from './progress-line.js'

describe('progressLine', () => {
  it('on a terminal: rewrites one line per scenario and erases it at the end', () => {
    const written: string[] = []
    const p = progressLine({ isTTY: true, columns: 30, write: (t) => written.push(t) })
    p.start(0, 2, 'scenarios/a.yaml')
    p.start(1, 2, 'scenarios/a/very/long/path/to/a/scenario.yaml')
    p.done()
    expect(written).toEqual(['\r\x1b[K[1/2] scenarios/a.yaml', '\r\x1b[K…long/path/to/a/scenario.yaml', '\r\x1b[K'])
    expect(written[1]!.length - '\r\x1b[K'.length).toBe(29)
  })

  it('not a terminal: writes nothing at all', () => {
    const written: string[] = []
    const p = progressLine({ isTTY: false, write: (t) => written.push(t) })
    p.start(0, 1, 'x')
    p.done()
    expect(written).toEqual([])
  })
})
