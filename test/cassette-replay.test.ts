// Strict replay from a version 2 cassette: orderbook exchanges answered from the recording in
// recorded order; a request the cassette lacks fails the run naming its canonical key; a corrupt
// cassette fails the scenario naming the line.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScenarios } from '../harness/run/run-scenarios.js'
import { scenarioTree } from './support/scenario-tree.js'

const SEPOLIA = 11155111
const HASH = `0x${'cd'.repeat(32)}`

const POSTER = {
  'poster/module.toml': `[module]\nname = "poster"\n[capabilities]\nrequired = ["logging", "cow-api"]\n[[subscription]]\nkind = "block"\nchain_id = ${SEPOLIA}\n`,
  'poster/index.ts': `export async function init() {}
export async function onEvent(e: any, host: any) {
  const body = e.block.number === 7000002 ? '{"other":true}' : '{"b":1,"a":2}'
  try {
    const uid = await host.cowApi.submitOrder(${SEPOLIA}, body)
    host.logging.log('info', 'accepted ' + uid)
  } catch (err: any) {
    host.logging.log('info', 'answer ' + err.code + ' ' + err.data + ' at ' + e.block.hash)
  }
}
`,
}

function tape(records: object[]): string {
  const lines = [
    { kind: 'cassette', version: 2, orderbook: true },
    ...records,
    { kind: 'end', records: records.length },
  ]
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`
}

const exchange = (status: number, body: string) => ({
  kind: 'orderbook',
  chain: SEPOLIA,
  // Members in another order than the module sends: the key is canonical.
  request: { method: 'POST', path: '/api/v1/orders', body: '{"a":2,"b":1}' },
  response: { status, retryAfter: null, body },
})

async function run(steps: string, records: object[], text?: string) {
  const dir = scenarioTree({
    'case.yaml': `version: 1
name: strict replay
engine:
  chains: { ${SEPOLIA}: {} }
  modules: [ { path: ./poster } ]
chain: { ${SEPOLIA}: { head: { number: 7000000, timestamp: 1750000000 } } }
cassette: ./run.cassette.jsonl
steps:
${steps}
`,
    'run.cassette.jsonl': text ?? tape(records),
    ...POSTER,
  })
  const [result] = await runScenarios({ paths: [join(dir, 'case.yaml')], mode: 'fixture' })
  return result!
}

describe('strict replay of a version 2 cassette', () => {
  it('answers orderbook requests from the recording, repeated ones in recorded order, with the recorded block', async () => {
    const r = await run(
      `  - block: {}
  - block: {}
  - signal: SIGTERM
  - expect:
      logs:
        - { module: poster, contains: "answer 502 <html>gateway</html> at ${HASH}" }
        - { module: poster, contains: "answer 400 {\\"errorType\\":\\"InsufficientAllowance\\"}" }`,
      [
        { kind: 'block', chain: SEPOLIA, number: 7000000, hash: HASH, timestamp: 1750000012 },
        exchange(502, '<html>gateway</html>'),
        exchange(400, '{"errorType":"InsufficientAllowance"}'),
      ],
    )
    expect(r.failures).toEqual([])
  })

  it('a request the cassette lacks fails the run, naming its canonical key', async () => {
    const r = await run(`  - block: {}\n  - block: {}\n  - block: {}`, [exchange(502, 'x'), exchange(502, 'y')])
    expect(r.status).toBe('failed')
    expect(r.failures.join('\n')).toContain(
      `orderbook request not in the cassette ${r.file.replace('case.yaml', 'run.cassette.jsonl')}: ${SEPOLIA} POST /api/v1/orders {"other":true} (the cassette has no such request)`,
    )
  })

  it('a request asked more often than recorded is a miss too', async () => {
    const r = await run(`  - block: {}\n  - block: {}`, [exchange(502, 'x')])
    expect(r.failures.join('\n')).toContain(`${SEPOLIA} POST /api/v1/orders {"a":2,"b":1} (asked 2 times, recorded 1)`)
  })

  it('a truncated cassette fails the scenario, naming the line and the reason', async () => {
    const r = await run(
      `  - block: {}`,
      [],
      tape([exchange(502, 'x')])
        .split('\n')
        .slice(0, 2)
        .join('\n'),
    )
    expect(r.status).toBe('failed')
    expect(r.failures.join('\n')).toMatch(
      /run\.cassette\.jsonl: line 2: expected a complete line ending with a newline, found a torn last line/,
    )
  })
})
