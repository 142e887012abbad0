import { describe, expect, it } from 'vitest'
import { canonicalParams, paramsMatch, renderParams } from './rpc-params.js'

describe('paramsMatch', () => {
  it('ignores the case of hex strings and addresses', () => {
    expect(
      paramsMatch(
        ['0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266', 'latest'],
        ['0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', 'latest'],
      ),
    ).toBe(true)
  })

  it('keeps the case of other strings', () => {
    expect(paramsMatch(['Latest'], ['latest'])).toBe(false)
  })

  it('ignores object key order and undefined members', () => {
    expect(paramsMatch([{ to: '0xAB', data: '0x01' }], [{ data: '0x01', to: '0xab', from: undefined }])).toBe(true)
  })

  it('compares positionally and by length', () => {
    expect(paramsMatch(['0xab'], ['0xab', 'latest'])).toBe(false)
    expect(paramsMatch(['latest', '0xab'], ['0xab', 'latest'])).toBe(false)
  })

  it('tells numbers from hex quantities (a node does not)', () => {
    expect(paramsMatch([1], ['0x1'])).toBe(false)
  })
})

describe('canonicalParams / renderParams', () => {
  it('renders bigints as decimal strings', () => {
    expect(canonicalParams([10n])).toBe('["10"]')
    expect(renderParams([{ value: 10n }])).toBe('[{"value":"10"}]')
  })
})
