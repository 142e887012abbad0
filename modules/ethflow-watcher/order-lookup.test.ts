import { describe, it, expect } from 'vitest'
import { MAX_DETAIL_CHARS, classifyOrderLookup, describeBody } from './order-lookup.js'
import { NOT_FOUND_BODY, orderBody } from './test-fixtures.js'

const UID = `0x${'12'.repeat(32)}${'ba3cb449bd2b4adddbc894d8697f5170800eadec'}ffffffff`

describe('classifyOrderLookup', () => {
  it('an Order body for this UID is found, with its status', () => {
    expect(classifyOrderLookup(UID, orderBody(UID, 'fulfilled'))).toEqual({ kind: 'found', status: 'fulfilled' })
    expect(classifyOrderLookup(UID, orderBody(UID.toUpperCase().replace('0X', '0x'), 'open'))).toEqual({
      kind: 'found',
      status: 'open',
    })
  })

  it('the NotFound envelope is the 404', () => {
    expect(classifyOrderLookup(UID, NOT_FOUND_BODY)).toEqual({ kind: 'not-found' })
  })

  it('anything else is a failure carrying the body', () => {
    const invalid = JSON.stringify({ errorType: 'InvalidOrderUid', description: 'bad uid' })
    expect(classifyOrderLookup(UID, invalid)).toEqual({ kind: 'failed', detail: invalid })
    expect(classifyOrderLookup(UID, '<html>502 Bad Gateway</html>')).toEqual({
      kind: 'failed',
      detail: '<html>502 Bad Gateway</html>',
    })
    expect(classifyOrderLookup(UID, '')).toEqual({ kind: 'failed', detail: 'empty body' })
    expect(classifyOrderLookup(UID, '[]').kind).toBe('failed')
    expect(classifyOrderLookup(UID, JSON.stringify({ uid: UID })).kind).toBe('failed')
  })

  it('an Order for another UID is not this order', () => {
    expect(classifyOrderLookup(UID, orderBody(`0x${'34'.repeat(56)}`)).kind).toBe('failed')
  })
})

describe('describeBody', () => {
  it('cuts long bodies', () => {
    const long = 'x'.repeat(MAX_DETAIL_CHARS + 50)
    expect(describeBody(long)).toBe(`${'x'.repeat(MAX_DETAIL_CHARS)}…`)
  })
})
