import { describe, expect, it } from 'vitest'
import type { ModuleConfigSchema } from '../module-api/config-schema.js'
import type { ResolvedModule } from './types.js'
import { validateModuleConfig } from './validate-module-config.js'

const digits = {
  required: true,
  expected: 'digits',
  check: (v: string) => (/^[0-9]+$/.test(v) ? undefined : 'not digits'),
}
const schema: ModuleConfigSchema = { amount: digits, note: { ...digits, required: false }, owner: digits }

function resolved(manifest: [string, string][], overrides?: Record<string, string>): ResolvedModule {
  return {
    name: 'demo',
    entry: { path: '/m', manifestPath: '/m/module.toml', keyPath: 'modules[2]', config: overrides },
    manifest: { file: '/m/module.toml', name: 'demo', capabilities: null, config: manifest, subscriptions: [] },
    config: [],
    subscriptions: [],
  }
}

const engine = { file: '/e/engine.toml' }

describe('validateModuleConfig', () => {
  it('accepts a config with every required key valid and optional keys absent', () => {
    expect(validateModuleConfig(engine, resolved([['amount', '1']], { owner: '2' }), schema)).toEqual([])
  })

  it('names an unknown key where it was written, with the module and its known keys', () => {
    const [error, ...rest] = validateModuleConfig(
      engine,
      resolved(
        [
          ['amount', '1'],
          ['owner', '2'],
        ],
        { amout: '5' },
      ),
      schema,
    )
    expect(rest).toEqual([])
    expect(error?.message).toBe(
      '/e/engine.toml: modules[2].config.amout: expected a config key of module demo (amount, note, owner), found unknown key "amout"',
    )
  })

  it('an unknown key in the manifest is named in the manifest', () => {
    const [error] = validateModuleConfig(
      engine,
      resolved([
        ['amount', '1'],
        ['owner', '2'],
        ['x', '1'],
      ]),
      schema,
    )
    expect(error?.file).toBe('/m/module.toml')
    expect(error?.keyPath).toBe('config.x')
  })

  it('a missing required key: found nothing, at the entry', () => {
    const errors = validateModuleConfig(engine, resolved([['amount', '1']]), schema)
    expect(errors.map((e) => e.message)).toEqual([
      '/e/engine.toml: modules[2].config.owner: expected digits (required by module demo), found nothing',
    ])
  })

  it('a bad value: expected, the value found and why, at whichever file set it', () => {
    const errors = validateModuleConfig(
      engine,
      resolved(
        [
          ['amount', 'x1'],
          ['owner', '2'],
        ],
        { owner: 'y' },
      ),
      schema,
    )
    expect(errors.map((e) => e.message)).toEqual([
      '/m/module.toml: config.amount: expected digits (module demo), found "x1": not digits',
      '/e/engine.toml: modules[2].config.owner: expected digits (module demo), found "y": not digits',
    ])
  })

  it('a key that is not a bare TOML key is quoted in the path', () => {
    const [error] = validateModuleConfig(
      engine,
      resolved(
        [
          ['amount', '1'],
          ['owner', '2'],
        ],
        { 'a b': '1' },
      ),
      schema,
    )
    expect(error?.keyPath).toBe('modules[2].config."a b"')
  })

  it('an empty schema refuses every key', () => {
    expect(validateModuleConfig(engine, resolved([], { anything: '1' }), {})[0]?.expected).toBe(
      'a config key of module demo (it takes none)',
    )
  })
})
