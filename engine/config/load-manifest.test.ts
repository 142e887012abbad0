import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.js'
import { ConfigError, ConfigErrors, ConfigSyntaxError, MissingConfigFileError } from './config-error.js'
import { loadManifestFile, manifestFromObject, parseManifestToml } from './load-manifest.js'
import { KNOWN_CAPABILITIES } from './types.js'

const TWAP = '0xfdaFc9d1902f4e0b84f65F49f244b32b31013b74'
const TOPIC = '0x2cceac5555b0ca45a3744ced542f54b56ad2eb45e521962372eef212a2cbf361'

function manifestError(text: string): ConfigError {
  try {
    parseManifestToml(text, 'mods/x/module.toml')
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('parseManifestToml', () => {
  it('reads every key of the Rust engine’s schema', () => {
    const manifest = parseManifestToml(
      `
[module]
name = "twap-monitor"
version = "0.2.0"
component = "sha256:abc"

[capabilities]
required = ["logging", "local-store", "chain", "cow-api"]
optional = ["http"]

[capabilities.http]
allow = ["api.cow.fi", "*.example.org"]

[config]
threshold = "2500.00"
decimals = 8
enabled = true

[[subscription]]
kind = "log"
chain_id = 11155111
address = "${TWAP}"
event_signature = "${TOPIC}"

[[subscription]]
kind = "block"
chain_id = 11155111

[[subscription]]
kind = "cron"
schedule = "*/5 * * * *"
`,
      'mods/twap/module.toml',
    )
    expect(manifest).toEqual({
      file: 'mods/twap/module.toml',
      name: 'twap-monitor',
      version: '0.2.0',
      component: 'sha256:abc',
      capabilities: {
        required: ['logging', 'local-store', 'chain', 'cow-api'],
        optional: ['http'],
        httpAllow: ['api.cow.fi', '*.example.org'],
      },
      config: [
        ['threshold', '2500.00'],
        ['decimals', '8'],
        ['enabled', 'true'],
      ],
      subscriptions: [
        { kind: 'log', chainId: 11155111, address: TWAP.toLowerCase(), eventSignature: TOPIC },
        { kind: 'block', chainId: 11155111 },
        { kind: 'cron', schedule: '*/5 * * * *' },
      ],
    })
  })

  it('defaults: empty file = anonymous module, no capabilities section, nothing else', () => {
    expect(parseManifestToml('', 'm.toml')).toEqual({
      file: 'm.toml',
      name: 'module',
      version: undefined,
      component: undefined,
      capabilities: null,
      config: [],
      subscriptions: [],
    })
  })

  it('an empty name becomes `module`', () => {
    expect(parseManifestToml('[module]\nname = ""', 'm.toml').name).toBe('module')
  })

  it('an empty [capabilities] section means enforcement with nothing declared', () => {
    expect(parseManifestToml('[capabilities]', 'm.toml').capabilities).toEqual({
      required: [],
      optional: [],
      httpAllow: [],
    })
  })

  it('accepts every known capability', () => {
    const list = KNOWN_CAPABILITIES.map((c) => `"${c}"`).join(', ')
    expect(parseManifestToml(`[capabilities]\nrequired = [${list}]`, 'm.toml').capabilities?.required).toEqual([
      ...KNOWN_CAPABILITIES,
    ])
  })

  it('flattens [config] in file order, rendering non-strings as TOML', () => {
    const manifest = parseManifestToml(
      '[config]\nz = 1\na = "x"\nlist = [1, 2]\nbig = 123456789012345678901234567890\nt = { k = "v" }',
      'm.toml',
    )
    expect(manifest.config).toEqual([
      ['z', '1'],
      ['a', 'x'],
      ['list', '[ 1, 2 ]'],
      ['big', '123456789012345678901234567890'],
      ['t', '{ k = "v" }'],
    ])
  })
})

describe('parseManifestToml errors', () => {
  it('an unknown capability names it and the known set', () => {
    expect(manifestError('[capabilities]\nrequired = ["chain", "chian"]').message).toBe(
      'mods/x/module.toml: capabilities.required[1]: expected a known capability (one of chain, identity, local-store, ' +
        'remote-store, messaging, logging, clock, random, http, cow-api), found "chian"',
    )
    expect(manifestError('[capabilities]\noptional = ["telepathy"]').keyPath).toBe('capabilities.optional[0]')
  })

  it('an unknown subscription kind', () => {
    expect(manifestError('[[subscription]]\nkind = "timer"\nchain_id = 1').message).toBe(
      'mods/x/module.toml: subscription[0].kind: expected one of block, log, cron, found "timer"',
    )
  })

  it('bad hex in a log subscription', () => {
    expect(manifestError(`[[subscription]]\nkind = "log"\nchain_id = 1\naddress = "0xnothex"`).message).toBe(
      'mods/x/module.toml: subscription[0].address: expected an address (0x and 40 hex digits), found "0xnothex"',
    )
    expect(
      manifestError(`[[subscription]]\nkind = "log"\nchain_id = 1\nevent_signature = "${TOPIC.slice(0, 40)}"`).keyPath,
    ).toBe('subscription[0].event_signature')
  })

  it('a missing or non-integer chain id', () => {
    expect(manifestError('[[subscription]]\nkind = "block"').message).toBe(
      'mods/x/module.toml: subscription[0].chain_id: expected a chain id (an integer from 1 to 2^53-1), found nothing',
    )
    expect(manifestError('[[subscription]]\nkind = "block"\nchain_id = "1"').found).toBe('"1"')
    expect(manifestError('[[subscription]]\nkind = "block"\nchain_id = 18446744073709551616').found).toBe(
      '18446744073709551616',
    )
  })

  it('unknown keys anywhere', () => {
    expect(manifestError('[module]\nnmae = "x"').message).toBe(
      'mods/x/module.toml: module.nmae: expected a known key (name, version, component), found an unknown key',
    )
    expect(manifestError('[[subscriptions]]\nkind = "block"\nchain_id = 1').keyPath).toBe('subscriptions')
    expect(manifestError('[[subscription]]\nkind = "log"\nchain_id = 1\ntopics = []').keyPath).toBe(
      'subscription[0].topics',
    )
    expect(manifestError('[capabilities.http]\ndeny = []').keyPath).toBe('capabilities.http.deny')
  })

  it('wrong types', () => {
    expect(manifestError('[module]\nname = 5').message).toBe(
      'mods/x/module.toml: module.name: expected a string, found 5',
    )
    expect(manifestError('config = 5').message).toBe('mods/x/module.toml: config: expected a table, found 5')
    expect(manifestError('[capabilities]\nrequired = "chain"').expected).toBe('an array')
  })

  it('reports all problems at once', () => {
    const error = manifestError('[module]\nname = 5\n[capabilities]\nrequired = ["nope"]\n[[subscription]]\nkind = "x"')
    expect(error).toBeInstanceOf(ConfigErrors)
    expect((error as ConfigErrors).errors.map((e) => e.keyPath)).toEqual([
      'module.name',
      'capabilities.required[0]',
      'subscription[0].kind',
    ])
    expect(error.message.split('\n')).toHaveLength(3)
  })

  it('a TOML syntax error names file, line and column', () => {
    const error = manifestError('[module]\nname = "unterminated\n')
    expect(error).toBeInstanceOf(ConfigSyntaxError)
    expect(error.message).toMatch(/^mods\/x\/module\.toml:2:\d+: expected valid TOML, found a syntax error/)
  })
})

describe('manifestFromObject', () => {
  it('validates an inline object the same way', () => {
    expect(manifestFromObject({ module: { name: 'probe' } }, 'inline').name).toBe('probe')
    expect(() => manifestFromObject({ modul: {} }, 'inline')).toThrow('inline: modul: expected a known key')
  })
})

describe('loadManifestFile', () => {
  it('reads and parses a file', async () => {
    const dir = tempDir('manifest-')
    const path = join(dir, 'module.toml')
    await writeFile(path, '[module]\nname = "probe"\n')
    const manifest = await loadManifestFile(path)
    expect(manifest.name).toBe('probe')
    expect(manifest.file).toBe(path)
  })

  it('a missing manifest is a ConfigError naming the path', async () => {
    const dir = tempDir('manifest-')
    const path = join(dir, 'module.toml')
    const error = await loadManifestFile(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingConfigFileError)
    expect((error as Error).message).toBe(`${path}: expected a module.toml manifest, found nothing`)
  })
})
