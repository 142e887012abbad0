import { describe, expect, it } from 'vitest'
import { RUNNING_PREBUILT } from '../../engine/project/entry-file.js'
import { main } from './main.js'
import { sourcesWarning } from './bench-command.js'

describe('bench: which code it measures', () => {
  it('says on stderr, before measuring, that it runs from the sources, and keeps stdout JSON', async () => {
    // vitest loads the .ts sources, as bin/nexum-sim.mjs does when dist/ is stale.
    expect(RUNNING_PREBUILT).toBe(false)
    const out: string[] = []
    const err: string[] = []
    const status = await main(['bench', 'engine-overhead', '--json'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    })
    expect(status).toBe(0)
    expect(err).toEqual([sourcesWarning(false)])
    expect(err[0]).toMatch(/TypeScript sources.*npm run build/)
    expect(JSON.parse(out.join('\n'))[0].id).toBe('engine-overhead')
  }, 60_000)

  it('says nothing when the prebuilt CLI runs', () => {
    expect(sourcesWarning(true)).toBeUndefined()
  })
})
