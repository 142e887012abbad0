// `nexum-sim repro` on exchanges typed by hand (the four stop-loss rejections of the issue) and on
// journal lines written in the engine's format: each writes a scenario and its cassette that pass
// on their own, prints the decision and the table's row, and exits 0; a journal whose decision the
// module no longer makes exits 1 showing both; bad input exits 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeAbiParameters } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeJournalLine } from '../engine/live/journal/journal-line.js'
import { type JournalRecord, journalBody } from '../engine/live/journal/journal-record.js'
import type { CliIo } from '../harness/cli/cli-io.js'
import { runRepro } from '../harness/repro/run-repro.js'
import { runScenarios } from '../harness/run/run-scenarios.js'

const SEPOLIA = 11155111
const FEED = '0x694AA1769357215DE4FAC081bf1f309aDC325306'
// The order stop-loss posts with its manifest's config, as an operator copies it from a log line
// (checksummed addresses: hex compares case-insensitively).
const STOP_LOSS_BODY = {
  sellToken: '0x6810e776880C02933D47DB1b9fc05908e5386b96',
  buyToken: '0xfff9976782d46cc05630d1f6ebab18b2324d6b14',
  receiver: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  sellAmount: '1000000000000000000',
  buyAmount: '300000000000000000',
  validTo: 4294967295,
  appData: '{}',
  appDataHash: '0xb48d38f93eaa084033fc5970bf96e559c33c4cdc07d889ab00b4d63f9590739d',
  feeAmount: '0',
  kind: 'sell',
  partiallyFillable: false,
  sellTokenBalance: 'erc20',
  buyTokenBalance: 'erc20',
  signingScheme: 'presign',
  signature: '0x',
  from: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nexum-repro-'))
  dirs.push(d)
  return d
}
function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l) }
}

async function repro(
  file: string,
  dir: string,
  extra: {
    module?: string
    line?: number
    uid?: string
    config?: string
    policy?: string
    horizonBlocks?: number
  } = {},
) {
  const io = capture()
  const code = await runRepro({ file, out: join(dir, 'out'), cwd: dir, env: {}, ...extra }, io)
  const field = (name: string) => io.stdout.find((l) => l.startsWith(`${name}:`))?.replace(/^[a-z ]+:\s+/, '')
  return { code, io, field }
}

const typed: [string, object, string, string][] = [
  [
    'TransferSimulationFailed (400)',
    { status: 400, body: { errorType: 'TransferSimulationFailed', description: 'sell token cannot be transferred' } },
    'try-next-block (status 400 TransferSimulationFailed)',
    'default rule[16] (4xx TransferSimulationFailed) → try-next-block',
  ],
  [
    'InsufficientAllowance (400)',
    { status: 400, body: { errorType: 'InsufficientAllowance', description: 'order owner must give allowance' } },
    'backoff 600 s (status 400 InsufficientAllowance)',
    'default rule[10] (4xx InsufficientBalance, InsufficientAllowance) → backoff 600 s',
  ],
  [
    '403',
    { status: 403, body: { errorType: 'Forbidden', description: 'Forbidden' } },
    'drop (status 403 Forbidden)',
    'default rule[7] (401/403) → drop',
  ],
  [
    '502 with an HTML body',
    { status: 502, body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>' },
    'try-next-block (status 502)',
    'default rule[3] (5xx) → try-next-block',
  ],
]

describe('repro --policy all: what each shipped policy would have done (docs/policies.md)', () => {
  it('a hand-typed InvalidEip1271Signature prints three different decision sequences', async () => {
    const dir = tempDir()
    const file = join(dir, 'exchange.json')
    writeFileSync(
      file,
      JSON.stringify({
        chain: SEPOLIA,
        request: { method: 'POST', path: '/api/v1/orders', body: STOP_LOSS_BODY },
        response: { status: 400, body: { errorType: 'InvalidEip1271Signature', description: 'invalid signature' } },
      }),
    )
    const r = await repro(file, dir, { module: 'stop-loss', policy: 'all' })
    expect(r.io.stderr).toEqual([])
    expect(r.code).toBe(0)
    // The module's own first decision, under the engine's (default) policy.
    expect(r.field('decision')).toBe('try-next-block (status 400 InvalidEip1271Signature)')
    const side = r.io.stdout.slice(r.io.stdout.findIndex((l) => l.startsWith('side by side')))
    const block = (name: string) => {
      const at = side.findIndex((l) => l.startsWith(`policy ${name} `))
      return side.slice(at + 1, at + 5).map((l) => l.trim())
    }
    expect(block('default')).toEqual([
      'row:       default rule[17] (4xx InvalidEip1271Signature) → drop-on-repeat (grace 3 blocks: try-next-block)',
      'decisions: try-next-block ×3, drop',
      'POSTs:     4',
      'end:       dropped at block +3 (36 s after the first POST)',
    ])
    expect(block('shepherd')).toEqual([
      'row:       shepherd rule[6] (4xx InvalidEip1271Signature) → drop-on-repeat (grace 1 blocks: try-next-block)',
      'decisions: try-next-block, drop',
      'POSTs:     2',
      'end:       dropped at block +1 (12 s after the first POST)',
    ])
    expect(block('watch-tower')).toEqual([
      'row:       watch-tower rule[5] (400 QuoteNotFound, InvalidQuote, InsufficientValidTo, …) → try-next-block',
      'decisions: try-next-block ×7200',
      'POSTs:     7200',
      'end:       neither posted nor dropped within 7200 blocks',
    ])
    const sequences = ['default', 'shepherd', 'watch-tower'].map((n) => block(n)[1])
    expect(new Set(sequences).size).toBe(3)
  })

  it('--horizon-blocks bounds the look-ahead; a policy file of your own is read too', async () => {
    const dir = tempDir()
    const file = join(dir, 'exchange.json')
    writeFileSync(
      file,
      JSON.stringify({
        chain: SEPOLIA,
        request: { method: 'POST', path: '/api/v1/orders', body: STOP_LOSS_BODY },
        response: { status: 400, body: { errorType: 'InsufficientBalance', description: 'no balance' } },
      }),
    )
    writeFileSync(join(dir, 'mine.toml'), 'version = 1\nname = "mine"\n[default]\naction = "backoff"\nseconds = 120\n')
    const r = await repro(file, dir, { module: 'stop-loss', policy: 'mine.toml', horizonBlocks: 100 })
    expect(r.code).toBe(0)
    const side = r.io.stdout.slice(r.io.stdout.findIndex((l) => l.startsWith('side by side')))
    expect(side[0]).toBe('side by side: the same answer to every POST, over the next 100 blocks (12 s each)')
    // 120 s = 10 blocks: POSTs at +0, +10, …, +90.
    expect(side.map((l) => l.trim())).toContain('decisions: backoff 120 s ×10')
    expect(side.map((l) => l.trim())).toContain('POSTs:     10')
  })

  it('a bad policy file is bad input (exit 2) naming the row', async () => {
    const dir = tempDir()
    const file = join(dir, 'exchange.json')
    writeFileSync(
      file,
      JSON.stringify({
        chain: SEPOLIA,
        request: { method: 'POST', path: '/api/v1/orders', body: STOP_LOSS_BODY },
        response: { status: 403, body: { errorType: 'Forbidden', description: 'Forbidden' } },
      }),
    )
    writeFileSync(
      join(dir, 'bad.toml'),
      'version = 1\nname = "bad"\n[default]\naction = "drop"\n[[rule]]\nstatus = 403\naction = "ban"\n',
    )
    const r = await repro(file, dir, { module: 'stop-loss', policy: 'bad.toml' })
    expect(r.code).toBe(2)
    expect(r.io.stderr.join('\n')).toMatch(/bad\.toml: rule\[0\]\.action: expected one of submitted/)
  })
})

describe('repro: one exchange typed by hand, stop-loss', () => {
  it.each(typed)(
    '%s: writes a passing scenario whose decision is the table’s',
    async (_name, response, decision, row) => {
      const dir = tempDir()
      const file = join(dir, 'exchange.json')
      writeFileSync(
        file,
        JSON.stringify({
          chain: SEPOLIA,
          request: { method: 'POST', path: '/api/v1/orders', body: STOP_LOSS_BODY },
          response,
        }),
      )
      const r = await repro(file, dir, { module: 'stop-loss' })
      expect(r.io.stderr).toEqual([])
      expect(r.code).toBe(0)
      expect(r.field('decision')).toBe(decision)
      expect(r.field('table row')).toBe(row)
      const scenario = join(dir, r.field('scenario')!)
      // The scenario runs on its own, unchanged, as part of any library.
      const [result] = await runScenarios({ paths: [scenario], mode: 'fixture' })
      expect(result?.failures).toEqual([])
      expect(readFileSync(scenario, 'utf8')).toContain(`- ${decision.split(' ')[0]}`)
    },
  )

  it('without --module, the module of --config whose order is the body', async () => {
    const dir = tempDir()
    const file = join(dir, 'exchange.json')
    writeFileSync(
      file,
      JSON.stringify({
        chain: SEPOLIA,
        request: { path: '/api/v1/orders', body: STOP_LOSS_BODY },
        response: typed[0]![1],
      }),
    )
    const r = await repro(file, dir, { config: join(process.cwd(), 'engine.m3.toml') })
    expect(r.code).toBe(0)
    expect(r.field('module')).toMatch(/^stop-loss /)
  })

  it('a body no module of the config posts, and a module that cannot be driven, are named: exit 2', async () => {
    const dir = tempDir()
    const file = join(dir, 'exchange.json')
    writeFileSync(
      file,
      JSON.stringify({
        chain: SEPOLIA,
        request: { path: '/api/v1/orders', body: { ...STOP_LOSS_BODY, sellAmount: '5' } },
        response: typed[0]![1],
      }),
    )
    const other = await repro(file, dir, { config: join(process.cwd(), 'engine.m3.toml') })
    expect(other.code).toBe(2)
    expect(other.io.stderr.join('\n')).toContain(
      'stop-loss: sellAmount is "5", its config\'s sell_amount_wei makes "1000000000000000000"',
    )
    const twap = await repro(file, dir, { module: 'twap-monitor' })
    expect(twap.code).toBe(2)
    expect(twap.io.stderr.join('\n')).toMatch(
      /module twap-monitor \(.*modules\/twap-monitor\) cannot be driven to a hand-typed submission/,
    )
  })

  it('malformed input names the file and the key path: exit 2', async () => {
    const dir = tempDir()
    const file = join(dir, 'exchange.json')
    writeFileSync(file, JSON.stringify({ chain: SEPOLIA, request: { path: 'orders' }, response: { status: 99 } }))
    const r = await repro(file, dir, { module: 'stop-loss' })
    expect(r.code).toBe(2)
    expect(r.io.stderr.join('\n')).toContain(`${file}: request.path: expected`)
    expect(r.io.stderr.join('\n')).toContain(`${file}: response.status: expected`)
  })
})

describe('repro: a journal line', () => {
  // latestRoundData() at exactly the trigger price (2500.00 at 8 decimals), updated just before
  // the journal's block (an older answer is stale: max_price_age_secs).
  const roundData = encodeAbiParameters(
    [{ type: 'uint80' }, { type: 'int256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint80' }],
    [1n, 250000000000n, 1_790_000_000n, 1_790_000_000n, 1n],
  )
  function journalLine(decision: 'try-next-block' | 'drop'): JournalRecord {
    return {
      v: 1,
      chain: SEPOLIA,
      event: 'block',
      block: { number: 9_100_001, hash: `0x${'ab'.repeat(32)}`, timestamp: 1_790_000_012 },
      module: 'stop-loss',
      request: { method: 'POST', path: '/api/v1/orders', body: journalBody(JSON.stringify(STOP_LOSS_BODY)) },
      response: {
        status: 400,
        retryAfter: null,
        body: journalBody('{"errorType":"TransferSimulationFailed","description":"d"}'),
      },
      decision: { uid: '0x01', decision, status: 400, errorType: 'TransferSimulationFailed' },
      rpc: [
        { method: 'eth_call', params: [{ to: FEED.toLowerCase(), data: '0xfeaf968c' }, 'latest'], result: roundData },
      ],
    }
  }

  it('replays the block, the RPC answers and the exchange; exit 0 when the decision is the journal’s', async () => {
    const dir = tempDir()
    const file = join(dir, 'journal.jsonl')
    writeFileSync(
      file,
      `${encodeJournalLine({ ...journalLine('try-next-block'), response: { status: 201, retryAfter: null, body: journalBody('"0x02"') } })}\n${encodeJournalLine(journalLine('try-next-block'))}\n{"torn":`,
    )
    const r = await repro(file, dir, { line: 2 })
    expect(r.io.stderr).toEqual([])
    expect(r.code).toBe(0)
    expect(r.field('journal')).toBe('try-next-block (status 400 TransferSimulationFailed)')
    expect(r.field('scenario')).toMatch(/stop-loss-400-transfer-simulation-failed-block-9100001\.yaml$/)
    const cassette = readFileSync(join(dir, r.field('scenario')!.replace(/\.yaml$/, '.cassette.jsonl')), 'utf8')
    expect(cassette).toContain(`"hash":"0x${'ab'.repeat(32)}"`)
    expect(cassette).toContain('"method":"eth_call"')
    // The torn last line is refused, never read.
    const torn = await repro(file, dir, { line: 3 })
    expect(torn.code).toBe(2)
    expect(torn.io.stderr.join('\n')).toContain('line 3: expected a whole journal line, found a torn last line')
  })

  it('--uid picks the last line about that order; ./engine.toml is the default config', async () => {
    const dir = tempDir()
    const file = join(dir, 'journal.jsonl')
    const uid = `0x${'5a'.repeat(56)}`
    const about = { ...journalLine('try-next-block'), decision: { uid, decision: 'try-next-block', status: 400 } }
    // The operator's engine.toml renames the instance; the journal names it so.
    writeFileSync(
      join(dir, 'engine.toml'),
      `[chains.${SEPOLIA}]\n[[modules]]\npath = "${join(process.cwd(), 'modules', 'stop-loss')}"\nname = "sl-eth"\n`,
    )
    writeFileSync(
      file,
      `${encodeJournalLine({ ...about, module: 'sl-eth' })}\n${encodeJournalLine(journalLine('drop'))}\n`,
    )
    const r = await repro(file, dir, { uid: uid.toUpperCase().replace('0X', '0x') })
    expect(r.io.stderr).toEqual([])
    expect(r.code).toBe(0)
    expect(r.field('module')).toMatch(/^sl-eth /)
    const missing = await repro(file, dir, { uid: `0x${'00'.repeat(56)}` })
    expect(missing.code).toBe(2)
    expect(missing.io.stderr[0]).toContain('expected a journal line about that order, found none among 2 lines')
  })

  it('exit 1 when the module now decides differently, showing both', async () => {
    const dir = tempDir()
    const file = join(dir, 'journal.jsonl')
    writeFileSync(file, `${encodeJournalLine(journalLine('drop'))}\n`)
    const r = await repro(file, dir)
    expect(r.code).toBe(1)
    expect(r.field('decision')).toBe('try-next-block (status 400 TransferSimulationFailed)')
    expect(r.field('journal')).toBe('drop (status 400 TransferSimulationFailed)')
    expect(r.io.stderr[0]).toBe(
      "nexum-sim repro: not reproduced: the module decided try-next-block (status 400 TransferSimulationFailed), the journal's drop",
    )
  })
})
