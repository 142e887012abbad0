import { describe, expect, it } from 'vitest'
import { checkJournal, firstDifference, type PostedOrder } from './check-journal.js'

const body = { sellAmount: '1', validTo: 5, nested: { a: [1, 2] } }
const posted = (over: Partial<PostedOrder> = {}): PostedOrder => ({
  chainId: 11155111,
  afterBlock: 7_000_001,
  body: JSON.stringify(body),
  status: 201,
  ...over,
})

function failures(want: Parameters<typeof checkJournal>[0], got: PostedOrder[]): string[] {
  const out: string[] = []
  checkJournal(want, got, (path, wanted, found) => out.push(`${path}: wanted ${wanted}, got ${found}`))
  return out
}

describe('expect.journal', () => {
  it('holds for the same bodies in the same order after the same blocks', () => {
    expect(
      failures(
        [{ afterBlock: 7_000_001, body: { validTo: 5, nested: { a: [1, 2] }, sellAmount: '1' }, status: 201 }],
        [posted()],
      ),
    ).toEqual([])
  })

  it('names the first differing key, the block and the status', () => {
    const got = [
      posted({ afterBlock: 7_000_002, status: 400, body: JSON.stringify({ ...body, nested: { a: [1, 3] } }) }),
    ]
    expect(failures([{ afterBlock: 7_000_001, body, status: 201 }], got)).toEqual([
      'journal[0].after_block: wanted 7000001, got 7000002',
      'journal[0].status: wanted 201, got 400',
      'journal[0].body.nested.a[1]: wanted 2, got 3',
    ])
  })

  it('fails on an extra post and on a missing one', () => {
    expect(failures([{ afterBlock: 7_000_001, body }], [posted(), posted()])).toEqual([
      'journal: wanted 1 order(s) posted, got 2; the extra one: a POST after block 7000001 on chain 11155111 answered 201',
    ])
    expect(failures([{ afterBlock: 7_000_001, body }], [])).toEqual([
      'journal[0]: wanted an order posted after block 7000001, got 0 order(s) posted in all',
    ])
  })

  it('compares a body that is not JSON as text', () => {
    expect(firstDifference({ a: 1 }, 'not json', '')).toEqual({ path: '', wanted: '{"a":1}', got: '"not json"' })
  })
})
