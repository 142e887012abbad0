import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { highWaterMarkKiB } from './own-peak-rss.js'

describe('highWaterMarkKiB', () => {
  it('reads VmHWM from a status text', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  116412 kB\nVmRSS:\t  100000 kB\n'
    expect(highWaterMarkKiB(status)).toBe(116_412)
  })

  it('gives nothing when the line is missing', () => {
    expect(highWaterMarkKiB('Name:\tnode\nVmRSS:\t 100 kB\n')).toBeUndefined()
  })
})

// The reason this file exists: a child forked from a large parent must report its own peak.
describe.runIf(existsSync('/proc/self/status'))('ownPeakRssKiB in a child of a large parent', () => {
  it('reports the child’s memory, not the parent’s high-water mark', () => {
    const held: Buffer[] = []
    for (let i = 0; i < 20; i++) held.push(Buffer.alloc(10 * 1024 * 1024, 1)) // ~200 MB in this process
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./harness/bench/own-peak-rss.ts').then((m) => console.log(m.ownPeakRssKiB(), process.resourceUsage().maxRSS))",
      ],
      { encoding: 'utf8' },
    )
    expect(held.length).toBe(20)
    const [own, inherited] = child.stdout.trim().split(' ').map(Number) as [number, number]
    expect(inherited).toBeGreaterThan(180 * 1024) // getrusage: the parent's mark, carried over
    expect(own).toBeLessThan(150 * 1024) // a node with tsx loaded is far below the parent's 200 MB
  })
})
