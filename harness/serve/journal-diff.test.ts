import { describe, expect, it } from 'vitest'
import { diffJournals, renderSideBySide } from './journal-diff.js'
import type { JournalLine } from './served-world.js'

const UID = `0x${'58'.repeat(56)}`

function post(
  seq: number,
  afterBlock: number,
  status: number,
  body: Record<string, unknown> = { sellAmount: '1' },
): JournalLine {
  return {
    seq,
    chainId: 11155111,
    afterBlock,
    method: 'POST',
    path: '/api/v1/orders',
    query: '',
    request: body,
    status,
    errorType: status === 201 ? null : 'DuplicatedOrder',
    uid: UID,
    answer: null,
  }
}

describe('diffJournals', () => {
  it('finds two identical journals equal, whatever the key order of the bodies', () => {
    const ours = [post(0, 7_000_000, 201, { a: 1, b: 2 })]
    const theirs = [post(0, 7_000_000, 201, { b: 2, a: 1 })]
    const diff = diffJournals(ours, theirs)
    expect(diff.equal).toBe(true)
    expect(diff.rows).toEqual([{ ours: ours[0], theirs: theirs[0], same: true }])
  })

  it('reports an extra post as one row, with the counts and what followed the rejection', () => {
    const ours = [post(0, 7_000_000, 201)]
    const theirs = [post(0, 7_000_000, 201), post(1, 7_000_000, 400)]
    const diff = diffJournals(ours, theirs)
    expect(diff.equal).toBe(false)
    expect(diff.rows.map((r) => r.same)).toEqual([true, false])
    expect(diff.differences[0]).toBe('orders posted: ours 1, theirs 2')
    expect(diff.differences[1]).toMatch(
      /^only theirs: POST \/api\/v1\/orders after block 7000000 .* -> 400 DuplicatedOrder$/,
    )
    expect(diff.differences[2]).toMatch(/after the rejection of .*: ours not rejected; theirs then nothing more/)
    expect(
      renderSideBySide(diff, 'x')
        .slice(1)
        .map((l) => l.slice(0, 3)),
    ).toEqual(['  =', '  ≠'])
  })

  it('names the block and the body field that differ', () => {
    const diff = diffJournals(
      [post(0, 7_000_000, 201, { sellAmount: '1' })],
      [post(0, 7_000_001, 201, { sellAmount: '2' })],
    )
    expect(diff.differences).toEqual([
      'exchange #0/#0 POST /api/v1/orders: after block 7000000 (ours) vs 7000001 (theirs); body differs at .sellAmount',
    ])
  })
})
