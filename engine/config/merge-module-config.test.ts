import { describe, expect, it } from 'vitest'
import { mergeModuleConfig } from './merge-module-config.js'

describe('mergeModuleConfig', () => {
  it('overrides keep their position; new keys are appended in entry order', () => {
    const manifest: [string, string][] = [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]
    expect(mergeModuleConfig(manifest, { z: 'new', b: 'B', y: 'new2' }, 'm')).toEqual([
      ['a', '1'],
      ['b', 'B'],
      ['c', '3'],
      ['z', 'new'],
      ['y', 'new2'],
    ])
  })

  it('does not modify the manifest pairs', () => {
    const manifest: [string, string][] = [['a', '1']]
    mergeModuleConfig(manifest, { a: '2' }, 'm')
    expect(manifest).toEqual([['a', '1']])
  })

  it('without overrides, is the manifest config', () => {
    expect(mergeModuleConfig([['a', '1']], undefined, 'm')).toEqual([['a', '1']])
  })

  it('an empty result becomes the single pair ["name", name] (the Rust engine’s rule)', () => {
    expect(mergeModuleConfig([], undefined, 'probe-a')).toEqual([['name', 'probe-a']])
    expect(mergeModuleConfig([], {}, 'probe-a')).toEqual([['name', 'probe-a']])
  })

  it('entry-only config replaces the name fallback', () => {
    expect(mergeModuleConfig([], { k: 'v' }, 'm')).toEqual([['k', 'v']])
  })
})
