import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.js'
import { ConfigError, ConfigErrors } from '../config/config-error.js'
import { parseEngineConfigToml } from '../config/load-engine-config.js'
import { loadOrderbookPolicyFile, parseOrderbookPolicy } from './load-orderbook-policy.js'
import { DEFAULT_POLICY_FILE, SHIPPED_POLICY_DIR, resolvePolicyReference, shippedPolicyNames } from './policy-files.js'

const FILE = '/srv/policies/mine.toml'
const HEAD = 'version = 1\nname = "mine"\n[default]\naction = "drop"\n'
const errorOf = (text: string): ConfigError => {
  try {
    parseOrderbookPolicy(text, FILE)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('no error')
}

describe('the shipped policies', () => {
  it('are default, shepherd and watch-tower, and each loads', async () => {
    expect(shippedPolicyNames()).toEqual(['default', 'shepherd', 'watch-tower'])
    for (const name of shippedPolicyNames()) {
      const policy = await loadOrderbookPolicyFile(join(SHIPPED_POLICY_DIR, `${name}.toml`))
      expect(policy).toMatchObject({ version: 1, name })
      expect(policy.rules.length).toBeGreaterThan(3)
    }
  })

  it('are frozen: a module cannot change what another decides by', async () => {
    const policy = await loadOrderbookPolicyFile(DEFAULT_POLICY_FILE)
    expect(Object.isFrozen(policy.rules[0])).toBe(true)
    expect(() => (policy.rules as unknown[]).push({})).toThrow(TypeError)
  })
})

describe('parseOrderbookPolicy', () => {
  it('reads rows in order with their matchers and outcomes', () => {
    const policy = parseOrderbookPolicy(
      `${HEAD}[[rule]]\nstatus = [429, "5xx", "transport"]\naction = "backoff"\nseconds = 30\nretry_after = true\n` +
        `[[rule]]\nstatus = "4xx"\nerror_type = "InvalidEip1271Signature"\naction = "drop-on-repeat"\n` +
        `[[rule]]\nstatus = 400\nbody = "not-envelope"\naction = "try-next-block"\nnote = "why"\n`,
      FILE,
    )
    expect(policy).toEqual({
      version: 1,
      name: 'mine',
      file: FILE,
      otherwise: { action: 'drop' },
      rules: [
        { status: [429, '5xx', 'transport'], action: 'backoff', seconds: 30, retryAfter: true },
        { status: ['4xx'], errorTypes: ['InvalidEip1271Signature'], action: 'drop-on-repeat', graceBlocks: 1 },
        { status: [400], body: 'not-envelope', action: 'try-next-block' },
      ],
    })
  })

  it('an unknown action refuses the file naming the row, what was expected and what was found', () => {
    const error = errorOf(`${HEAD}[[rule]]\nstatus = 400\naction = "drop"\n[[rule]]\nstatus = 404\naction = "retry"\n`)
    expect(error.message).toBe(
      `${FILE}: rule[1].action: expected one of submitted, already-submitted, backoff, try-next-block, drop-on-repeat, drop, found "retry"`,
    )
  })

  it('reports every problem, one line each', () => {
    const error = errorOf(
      'version = 2\nname = ""\ncolour = "red"\n[default]\naction = "backoff"\n' +
        '[[rule]]\nstatus = 600\nbody = "not-envelope"\nerror_type = "X"\naction = "drop"\nseconds = 5\n' +
        '[[rule]]\nstatus = ["4xx", "6xx"]\naction = "drop-on-repeat"\ngrace_blocks = 0\n',
    )
    expect(error).toBeInstanceOf(ConfigErrors)
    expect((error as ConfigErrors).errors.map((e) => `${e.keyPath}: ${e.found}`)).toEqual([
      'colour: "red"',
      'version: 2',
      'name: ""',
      'default.seconds: nothing',
      'rule[0].status: 600',
      'rule[0].body: "not-envelope"',
      'rule[0].seconds: 5',
      'rule[1].status[1]: "6xx"',
      'rule[1].grace_blocks: 0',
    ])
  })

  it('a policy needs a [default] and a known format version', () => {
    expect(errorOf('version = 1\nname = "x"\n').message).toBe(
      `${FILE}: default: expected a table [default] with the action for unlisted answers, found nothing`,
    )
    expect(errorOf('name = "x"\n[default]\naction = "drop"\n').message).toBe(
      `${FILE}: version: expected the format version 1, found nothing`,
    )
  })

  it('a syntax error names the line', () => {
    expect(errorOf('version = 1\n[[rule]\n').message).toMatch(/^\/srv\/policies\/mine\.toml:2:\d+: expected valid TOML/)
  })

  it('a missing file says what it expected', async () => {
    await expect(loadOrderbookPolicyFile('/nonexistent/policy.toml')).rejects.toThrow(
      '/nonexistent/policy.toml: expected an orderbook policy file (docs/policies.md), found nothing',
    )
  })
})

describe('[engine] orderbook_policy', () => {
  it('a shipped name selects the shipped file; a path resolves against the config file', () => {
    const named = parseEngineConfigToml('[engine]\norderbook_policy = "shepherd"\n', '/srv/engine/engine.toml')
    expect(named.orderbookPolicy).toBe(join(SHIPPED_POLICY_DIR, 'shepherd.toml'))
    const path = parseEngineConfigToml('[engine]\norderbook_policy = "ops/mine.toml"\n', '/srv/engine/engine.toml')
    expect(path.orderbookPolicy).toBe('/srv/engine/ops/mine.toml')
    expect(parseEngineConfigToml('', '/srv/engine/engine.toml').orderbookPolicy).toBeUndefined()
  })

  it('a bare name that is no shipped policy is a path', () => {
    expect(resolvePolicyReference('ours', '/srv')).toBe('/srv/ours')
  })

  it('an empty value is refused naming the key', () => {
    expect(() => parseEngineConfigToml('[engine]\norderbook_policy = ""\n', '/srv/engine.toml')).toThrow(
      /engine\.orderbook_policy: expected a shipped policy name/,
    )
  })

  it('an operator file loads from the folder of the config', async () => {
    const dir = tempDir('nexum-policy-')
    writeFileSync(join(dir, 'p.toml'), `${HEAD}[[rule]]\nstatus = 429\naction = "backoff"\nseconds = 5\n`)
    const config = parseEngineConfigToml('[engine]\norderbook_policy = "p.toml"\n', join(dir, 'engine.toml'))
    expect((await loadOrderbookPolicyFile(config.orderbookPolicy as string)).rules).toHaveLength(1)
  })
})
