import { describe, it, expect } from 'vitest'
import type { Block, ModuleConfig } from '../../engine/module-api/index.js'
import { HostError } from '../../engine/module-api/index.js'
import { InvalidConfigError, parseKey, parseUnsigned } from './config-values.js'
import { MockHost, blockEvent, logEvent } from './testing/index.js'
import { settingsModule } from './settings-module.js'

interface Settings {
  every: bigint
}

/** A module that logs the block number it was given with its settings. */
function demoModule() {
  return settingsModule<Settings>({
    name: 'demo',
    parseConfig: (config: ModuleConfig) => {
      if (config.explode !== undefined) throw new TypeError('a bug, not a config problem')
      return { every: parseKey(config, 'every', (t) => parseUnsigned(t, 64)) }
    },
    initLine: (s) => `demo init: every=${s.every}`,
    onBlock: async (host, block: Block, s) => host.logging.log('info', `demo block ${block.number} every=${s.every}`),
  })
}

describe('settingsModule', () => {
  it('init logs the init line; blocks then reach onBlock with the settings', async () => {
    const { init, onEvent } = demoModule()
    const host = new MockHost({ moduleName: 'demo' })
    await init({ every: '3' }, host)
    await onEvent(blockEvent(1, 9), host)
    expect(host.logging.lines).toEqual([
      { level: 'info', message: 'demo init: every=3' },
      { level: 'info', message: 'demo block 9 every=3' },
    ])
  })

  it('a config error rejects with an invalid-input HostError in the module name; events are then no-ops', async () => {
    const { init, onEvent } = demoModule()
    const host = new MockHost({ moduleName: 'demo-instance' })
    const error = await init({ every: 'x' }, host).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HostError)
    expect((error as HostError).toFields()).toEqual({
      domain: 'demo',
      kind: 'invalid-input',
      code: 0,
      message: 'demo: invalid [config]: every: invalid digit found in string',
      data: undefined,
    })
    await onEvent(blockEvent(1, 1), host)
    expect(host.logging.lines).toEqual([])
  })

  it('a failed re-init forgets the earlier settings', async () => {
    const { init, onEvent } = demoModule()
    const host = new MockHost({ moduleName: 'demo' })
    await init({ every: '1' }, host)
    await init({}, host).catch(() => undefined)
    await onEvent(blockEvent(1, 1), host)
    expect(host.logging.messages()).toEqual(['demo init: every=1'])
  })

  it('an error that is not InvalidConfigError propagates as it is (a trap)', async () => {
    const { init } = demoModule()
    const error = await init({ explode: 'yes' }, new MockHost()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect(error).not.toBeInstanceOf(InvalidConfigError)
  })

  it('keeps settings per module name, and per module', async () => {
    const first = demoModule()
    const second = demoModule()
    const a = new MockHost({ moduleName: 'a' })
    const b = new MockHost({ moduleName: 'b' })
    await first.init({ every: '1' }, a)
    await first.init({ every: '2' }, b)
    await first.onEvent(blockEvent(1, 5), a)
    await first.onEvent(blockEvent(1, 5), b)
    await second.onEvent(blockEvent(1, 5), a) // never initialised: no settings of its own
    expect(a.logging.messages()).toEqual(['demo init: every=1', 'demo block 5 every=1'])
    expect(b.logging.messages()).toEqual(['demo init: every=2', 'demo block 5 every=2'])
  })

  it('ignores log events', async () => {
    const { init, onEvent } = demoModule()
    const host = new MockHost({ moduleName: 'demo' })
    await init({ every: '1' }, host)
    await onEvent(logEvent({ chainId: 1, address: `0x${'11'.repeat(20)}`, topics: [] }), host)
    expect(host.logging.messages()).toEqual(['demo init: every=1'])
  })
})
