import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ProductionStateDir, stateDirParent } from './production-store.js'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('ProductionStateDir', () => {
  it('is made on a writable RAM folder when there is one, else in the temp folder', () => {
    const ram = mkdtempSync(join(tmpdir(), 'ram-'))
    made.push(ram)
    expect(stateDirParent(ram)).toBe(ram)
    expect(stateDirParent(join(ram, 'absent'))).toBe(tmpdir())
  })

  it('keeps what a boot wrote for the next boot and for reads between boots, then leaves nothing', () => {
    const state = new ProductionStateDir()
    const first = state.openForBoot()
    first.set('stop-loss', 'k', new Uint8Array([1, 2, 3]))
    expect(state.read('stop-loss', 'k')).toEqual(new Uint8Array([1, 2, 3]))
    first.close()
    expect(state.read('stop-loss', 'k')).toEqual(new Uint8Array([1, 2, 3]))
    const second = state.openForBoot()
    expect(second.get('stop-loss', 'k')).toEqual(new Uint8Array([1, 2, 3]))
    second.close()
    expect(state.files()).toContain('local-store.sqlite')
    state.remove()
    expect(existsSync(state.dir)).toBe(false)
  })
})
