import { describe, expect, it } from 'vitest'
import { renderGithub } from './github-reporter.js'
import { failureKeyPath, lineOfKeyPath, splitKeyPath } from './key-path-line.js'
import { summarise } from './scenario-result.js'

const SOURCE = `version: 1
name: two steps
steps:
  - blocks: { count: 2 }
  - signal: SIGTERM
expect:
  dispatch:
    probe:
      blocks: 3
`

describe('key paths to lines', () => {
  it('splits key paths and finds them in the failure text', () => {
    expect(splitKeyPath('expect.dispatch["a.b"].blocks')).toEqual(['expect', 'dispatch', 'a.b', 'blocks'])
    expect(splitKeyPath('steps[1].signal')).toEqual(['steps', 1, 'signal'])
    expect(failureKeyPath('expect.dispatch.probe.blocks: wanted 3, got 2')).toBe('expect.dispatch.probe.blocks')
    expect(failureKeyPath('steps[1]: the engine has already exited')).toBe('steps[1]')
    expect(failureKeyPath('/tmp/x.yaml: expected a mapping')).toBeUndefined()
  })

  it('finds the line of a key, or of its nearest ancestor in the file', () => {
    expect(lineOfKeyPath(SOURCE, 'expect.dispatch.probe.blocks')).toBe(9)
    expect(lineOfKeyPath(SOURCE, 'steps[1]')).toBe(5)
    expect(lineOfKeyPath(SOURCE, 'expect.dispatch.other.logs')).toBe(7)
    expect(lineOfKeyPath('\u0000\uffff: [', 'a.b')).toBe(1)
  })
})

describe('renderGithub', () => {
  it('one ::error annotation per failure on its file and line, escaped, then the pretty text', () => {
    const summary = summarise([
      {
        file: '/repo/scenarios/x.yaml',
        name: 'a, b: c',
        mode: 'fixture',
        status: 'failed',
        failures: ['expect.dispatch.probe.blocks: wanted 3, got 2', 'engine: 50% done\nsecond line'],
        durationMs: 1,
        replay: 'nexum-sim run scenarios/x.yaml --seed 1 --mode fixture',
      },
    ])
    const lines = renderGithub(summary, {
      cwd: '/repo',
      lineOf: (file, keyPath) =>
        file === '/repo/scenarios/x.yaml' && keyPath === 'expect.dispatch.probe.blocks' ? 9 : 1,
    }).split('\n')
    expect(lines[0]).toBe(
      '::error file=scenarios/x.yaml,line=9,title=a%2C b%3A c [fixture]::expect.dispatch.probe.blocks: wanted 3, got 2%0Areplay: nexum-sim run scenarios/x.yaml --seed 1 --mode fixture',
    )
    expect(lines[1]).toBe(
      '::error file=scenarios/x.yaml,line=1,title=a%2C b%3A c [fixture]::engine: 50%25 done%0Asecond line%0Areplay: nexum-sim run scenarios/x.yaml --seed 1 --mode fixture',
    )
    expect(lines.at(-1)).toBe('0 passed, 1 failed, 0 skipped')
  })
})
