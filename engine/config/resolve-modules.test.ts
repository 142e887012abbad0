import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.js'
import { ConfigError, ConfigErrors } from './config-error.js'
import { engineConfigFromObject, parseEngineConfigToml } from './load-engine-config.js'
import { manifestFromObject } from './load-manifest.js'
import { resolveModules, type ReadManifest } from './resolve-modules.js'
import type { EngineConfig, ModuleManifest } from './types.js'

async function moduleFolder(root: string, folder: string, manifestToml: string): Promise<void> {
  await mkdir(join(root, folder), { recursive: true })
  await writeFile(join(root, folder, 'module.toml'), manifestToml)
}

// An in-memory manifest source keyed by manifest path, for the pure merge rules.
function manifests(byPath: Record<string, object>): ReadManifest {
  return async (path) => {
    const obj = byPath[path]
    if (obj === undefined) throw new Error(`no manifest at ${path}`)
    return manifestFromObject(obj, path)
  }
}

const engine = (modules: object[]): EngineConfig =>
  engineConfigFromObject({ modules }, { file: 'engine.toml', baseDir: '/e' })

async function resolveError(config: EngineConfig, read?: ReadManifest): Promise<ConfigError> {
  const error = await resolveModules(config, read).catch((e: unknown) => e)
  if (error instanceof ConfigError) return error
  throw new Error(`expected a ConfigError, got ${String(error)}`)
}

describe('resolveModules', () => {
  it('joins entries with their manifest files, in entry order', async () => {
    const root = tempDir('resolve-')
    await moduleFolder(
      root,
      'stop-loss',
      '[module]\nname = "stop-loss"\n[config]\ntrigger_price = "2500.00"\nowner = "0x1"\n[[subscription]]\nkind = "block"\nchain_id = 11155111\n',
    )
    await moduleFolder(root, 'probe', '[module]\nname = "probe"\n')
    await writeFile(join(root, 'engine.toml'), '')
    const config = parseEngineConfigToml(
      `
[[modules]]
path = "stop-loss"
config = { trigger_price = "3000", extra = 1 }

[[modules]]
path = "probe"
name = "probe-a"
subscriptions = [{ kind = "block", chain_id = 1 }]
`,
      join(root, 'engine.toml'),
    )

    const resolved = await resolveModules(config)
    expect(resolved.map((m) => m.name)).toEqual(['stop-loss', 'probe-a'])
    expect(resolved[0]).toMatchObject({
      entry: config.modules[0],
      config: [
        ['trigger_price', '3000'],
        ['owner', '0x1'],
        ['extra', '1'],
      ],
      subscriptions: [{ kind: 'block', chainId: 11155111 }],
    })
    expect(resolved[0]?.manifest.file).toBe(join(root, 'stop-loss/module.toml'))
    expect(resolved[1]).toMatchObject({ config: [['name', 'probe-a']], subscriptions: [{ kind: 'block', chainId: 1 }] })
  })

  it('name: the entry name wins, else the manifest name, else `module`', async () => {
    const read = manifests({ '/e/a/module.toml': { module: { name: 'alpha' } }, '/e/b/module.toml': {} })
    const resolved = await resolveModules(engine([{ path: 'a', name: 'renamed' }, { path: 'a' }, { path: 'b' }]), read)
    expect(resolved.map((m) => m.name)).toEqual(['renamed', 'alpha', 'module'])
  })

  it('subscriptions: the entry list replaces the manifest list, even when empty', async () => {
    const read = manifests({
      '/e/a/module.toml': { module: { name: 'a' }, subscription: [{ kind: 'block', chain_id: 1 }] },
    })
    const [kept, replaced] = await resolveModules(
      engine([{ path: 'a' }, { path: 'a', name: 'b', subscriptions: [] }]),
      read,
    )
    expect(kept?.subscriptions).toEqual([{ kind: 'block', chainId: 1 }])
    expect(replaced?.subscriptions).toEqual([])
  })

  it('an explicit manifest path is used', async () => {
    const read = manifests({ '/e/elsewhere.toml': { module: { name: 'x' } } })
    const [m] = await resolveModules(engine([{ path: 'a', manifest: 'elsewhere.toml' }]), read)
    expect(m?.name).toBe('x')
  })

  it('an empty config is the single pair ["name", name], using the final name', async () => {
    const read = manifests({ '/e/a/module.toml': { module: { name: 'a' } } })
    const [m] = await resolveModules(engine([{ path: 'a', name: 'a2' }]), read)
    expect(m?.config).toEqual([['name', 'a2']])
  })

  it('refuses duplicate names, naming both entries and the name', async () => {
    const read = manifests({
      '/e/p/module.toml': { module: { name: 'probe' } },
      '/e/q/module.toml': { module: { name: 'other' } },
    })
    const error = await resolveError(engine([{ path: 'p' }, { path: 'q' }, { path: 'q', name: 'probe' }]), read)
    expect(error.message).toBe(
      'engine.toml: modules[2]: expected a module name not already used by modules[0], found "probe"',
    )
  })

  it('reports every duplicate against the first use', async () => {
    const read = manifests({ '/e/p/module.toml': { module: { name: 'probe' } } })
    const error = await resolveError(engine([{ path: 'p' }, { path: 'p' }, { path: 'p' }]), read)
    expect(error).toBeInstanceOf(ConfigErrors)
    expect(error.message.split('\n')).toEqual([
      'engine.toml: modules[1]: expected a module name not already used by modules[0], found "probe"',
      'engine.toml: modules[2]: expected a module name not already used by modules[0], found "probe"',
    ])
  })

  it('duplicates in a scenario carry the prefixed key paths', async () => {
    const config = engineConfigFromObject(
      { modules: [{ path: 'p' }, { path: 'p' }] },
      { file: 's.yaml', baseDir: '/e', keyPrefix: 'engine', defaultStateDir: null },
    )
    const error = await resolveError(config, manifests({ '/e/p/module.toml': { module: { name: 'probe' } } }))
    expect(error.message).toBe(
      's.yaml: engine.modules[1]: expected a module name not already used by engine.modules[0], found "probe"',
    )
  })

  it('refuses a manifest name containing "/"', async () => {
    const read = manifests({ '/e/a/module.toml': { module: { name: 'team/alpha' } } })
    const error = await resolveError(engine([{ path: 'a' }]), read)
    expect(error.message).toBe('/e/a/module.toml: module.name: expected a module name without "/", found "team/alpha"')
    // ...unless the entry renames it.
    expect((await resolveModules(engine([{ path: 'a', name: 'alpha' }]), read))[0]?.name).toBe('alpha')
  })

  it('a missing manifest is reported against the entry that points at it', async () => {
    const root = tempDir('resolve-')
    const config = parseEngineConfigToml('[[modules]]\npath = "nowhere"', join(root, 'engine.toml'))
    const error = await resolveError(config)
    expect(error.message).toBe(
      `${join(root, 'engine.toml')}: modules[0]: expected a module manifest at ${join(root, 'nowhere/module.toml')}, found nothing`,
    )
  })

  it('an invalid manifest names the manifest file; all modules are checked', async () => {
    const root = tempDir('resolve-')
    await moduleFolder(root, 'bad', '[[subscription]]\nkind = "tick"\n')
    await moduleFolder(root, 'good', '[module]\nname = "good"\n')
    const config = parseEngineConfigToml(
      '[[modules]]\npath = "bad"\n[[modules]]\npath = "good"\n[[modules]]\npath = "gone"',
      join(root, 'engine.toml'),
    )
    const error = await resolveError(config)
    expect(error).toBeInstanceOf(ConfigErrors)
    expect((error as ConfigErrors).errors.map((e) => `${e.file} ${e.keyPath}`)).toEqual([
      `${join(root, 'bad/module.toml')} subscription[0].kind`,
      `${join(root, 'engine.toml')} modules[2]`,
    ])
  })

  it('does not swallow errors that are not configuration errors', async () => {
    const read: ReadManifest = async () => {
      throw new TypeError('bug')
    }
    await expect(resolveModules(engine([{ path: 'a' }]), read)).rejects.toThrow(TypeError)
  })

  it('no modules resolve to an empty list', async () => {
    const read: ReadManifest = async (): Promise<ModuleManifest> => {
      throw new Error('not called')
    }
    expect(await resolveModules(engine([]), read)).toEqual([])
  })
})
