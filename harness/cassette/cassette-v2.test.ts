import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCassette } from './cassette.js'
import { CassetteWriter } from './cassette-writer.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const HASH = `0x${'11'.repeat(32)}` as const

function written(): { file: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nexum-cassette-'))
  dirs.push(dir)
  const file = join(dir, 'run.cassette.jsonl')
  const w = CassetteWriter.open(file, { source: 'ws://127.0.0.1:8545', orderbook: true })
  expect(existsSync(file)).toBe(false)
  w.block(11155111, { number: 5, hash: HASH, timestamp: 1_790_000_060 })
  w.log(11155111, {
    address: `0x${'22'.repeat(20)}`,
    topics: [HASH],
    data: '0x',
    blockNumber: 5,
    transactionHash: HASH,
    logIndex: 0,
  })
  w.log(11155111, {
    address: `0x${'22'.repeat(20)}`,
    topics: [HASH],
    data: '0x',
    blockNumber: 5,
    transactionHash: HASH,
    logIndex: 0,
  })
  w.rpc(11155111, { method: 'eth_call', params: [{ to: '0xAB', data: '0x01' }, 'latest'], result: '0x2a' })
  w.orderbook({
    chain: 11155111,
    request: { method: 'POST', path: '/api/v1/orders', body: '{"b":1,"a":2}' },
    response: { status: 502, retryAfter: null, body: '<html>bad gateway</html>' },
  })
  w.finish()
  return { file, text: readFileSync(file, 'utf8') }
}

describe('cassette version 2 (JSON Lines)', () => {
  it('writes canonical lines with keys, one per record, and an end record; loads them back', () => {
    const { file, text } = written()
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(6) // header, block, one log (the duplicate is written once), rpc, orderbook, end
    expect(lines[0]).toBe(
      '{"kind":"cassette","orderbook":true,"recorded":{"source":"ws://127.0.0.1:8545"},"version":2}',
    )
    expect(lines[3]).toBe(
      '{"chain":11155111,"key":"eth_call [{\\"data\\":\\"0x01\\",\\"to\\":\\"0xab\\"},\\"latest\\"]","kind":"rpc","method":"eth_call","params":[{"data":"0x01","to":"0xAB"},"latest"],"result":"0x2a"}',
    )
    expect(JSON.parse(lines[4]!).key).toBe('11155111 POST /api/v1/orders {"a":2,"b":1}')
    expect(lines[5]).toBe('{"kind":"end","records":4}')
    const cassette = parseCassette(text, file)
    expect(cassette.version).toBe(2)
    expect(cassette.source).toBe('ws://127.0.0.1:8545')
    expect(cassette.chains.get(11155111)).toMatchObject({
      blocks: [{ number: 5 }],
      rpc: [{ method: 'eth_call' }],
      sequenced: true,
    })
    expect(cassette.chains.get(11155111)?.logs).toHaveLength(1)
    expect(cassette.orderbook).toEqual([
      {
        chain: 11155111,
        request: { method: 'POST', path: '/api/v1/orders', body: '{"b":1,"a":2}' },
        response: { status: 502, retryAfter: null, body: '<html>bad gateway</html>' },
        failure: undefined,
      },
    ])
  })

  it('refuses a truncated cassette: a torn last line, or no end record, with the line', () => {
    const { file, text } = written()
    expect(() => parseCassette(text.slice(0, -10), file)).toThrow(
      `${file}: line 6: expected a complete line ending with a newline, found a torn last line (truncated file)`,
    )
    const withoutEnd = `${text.split('\n').slice(0, 5).join('\n')}\n`
    expect(() => parseCassette(withoutEnd, file)).toThrow(
      `${file}: line 6: expected the end record {"kind":"end",…}, found the end of the file (truncated?)`,
    )
  })

  it('refuses a corrupt line with its number and the reason', () => {
    const { file, text } = written()
    const lines = text.split('\n')
    const bad = (i: number, replacement: string) => {
      const copy = [...lines]
      copy[i] = replacement
      return copy.join('\n')
    }
    expect(() => parseCassette(bad(2, '{"kind":"log",'), file)).toThrow(
      /line 3: expected one JSON object, found invalid JSON/,
    )
    expect(() =>
      parseCassette(bad(1, '{"kind":"block","chain":11155111,"number":-1,"hash":"0x","timestamp":1}'), file),
    ).toThrow(/line 2\.number: expected a whole number >= 0/)
    expect(() => parseCassette(bad(1, '{"kind":"teapot"}'), file)).toThrow(/line 2/)
    expect(() => parseCassette(bad(5, '{"kind":"end","records":9}'), file)).toThrow(
      /line 6\.records: expected 4 \(the records above it\), found 9/,
    )
  })

  it('version 1 cassettes keep loading', () => {
    const v1 = JSON.stringify({
      version: 1,
      chains: { '11155111': { blocks: [{ number: 1, hash: HASH, timestamp: 2 }] } },
    })
    const cassette = parseCassette(v1, 'old.json')
    expect(cassette.version).toBe(1)
    expect(cassette.orderbook).toBeUndefined()
    expect(cassette.chains.get(11155111)?.blocks).toEqual([{ number: 1, hash: HASH, timestamp: 2 }])
  })
})
