import { describe, expect, it } from 'vitest'
import { MalformedNotificationError, logFilterParams, parseLogNotification, parseNewHead } from './ws-notifications.js'

const HASH = `0x${'Ab'.repeat(32)}`
const TOPIC = `0x${'cd'.repeat(32)}`
const ADDRESS = `0x${'Ef'.repeat(20)}`

describe('parseNewHead', () => {
  it('reads number, hash (lowercased) and timestamp seconds from a header', () => {
    expect(parseNewHead({ number: '0x1b', hash: HASH, timestamp: '0x6553f100', parentHash: HASH })).toEqual({
      number: 27,
      hash: HASH.toLowerCase(),
      timestamp: 0x6553f100,
    })
  })

  it('rejects a header with a missing or malformed field, naming it', () => {
    expect(() => parseNewHead({ number: '0x1', timestamp: '0x1' })).toThrow(
      /newHeads.hash: expected 32 bytes of hex, found nothing/,
    )
    expect(() => parseNewHead({ number: 5, hash: HASH, timestamp: '0x1' })).toThrow(MalformedNotificationError)
    expect(() => parseNewHead(null)).toThrow(/newHeads: expected an object/)
  })
})

describe('parseLogNotification', () => {
  it('reads a full log, lowercasing hex', () => {
    expect(
      parseLogNotification({
        address: ADDRESS,
        topics: [TOPIC],
        data: '0xAB',
        blockNumber: '0x10',
        transactionHash: HASH,
        logIndex: '0x2',
        removed: true,
        blockHash: HASH,
      }),
    ).toEqual({
      address: ADDRESS.toLowerCase(),
      topics: [TOPIC],
      data: '0xab',
      blockNumber: 16,
      transactionHash: HASH.toLowerCase(),
      logIndex: 2,
      removed: true,
    })
  })

  it('leaves absent (or null, pending) positions out', () => {
    expect(
      parseLogNotification({ address: ADDRESS, topics: [], data: '0x', blockNumber: null, logIndex: null }),
    ).toEqual({
      address: ADDRESS.toLowerCase(),
      topics: [],
      data: '0x',
    })
  })

  it('rejects malformed logs', () => {
    expect(() => parseLogNotification({ address: '0x12', topics: [], data: '0x' })).toThrow(/logs.address/)
    expect(() => parseLogNotification({ address: ADDRESS, topics: ['0x1'], data: '0x' })).toThrow(/logs.topics\[0\]/)
    expect(() => parseLogNotification({ address: ADDRESS, topics: [], data: '0xabc' })).toThrow(/logs.data/)
  })
})

describe('logFilterParams', () => {
  it('is address AND topic0, each only when given', () => {
    expect(logFilterParams({})).toEqual({})
    expect(logFilterParams({ address: ADDRESS as `0x${string}` })).toEqual({ address: ADDRESS })
    expect(logFilterParams({ topic0: TOPIC as `0x${string}` })).toEqual({ topics: [TOPIC] })
  })
})
