import { describe, expect, it } from 'vitest'
import { watchParent } from './watch-parent.js'

describe('watchParent', () => {
  it('calls back once when the parent id changes, and not before', async () => {
    let parent = 100
    let calls = 0
    const watch = watchParent(() => calls++, { ppid: () => parent, intervalMs: 1 })
    await new Promise((r) => setTimeout(r, 10))
    expect(calls).toBe(0)
    parent = 1
    await new Promise((r) => setTimeout(r, 10))
    parent = 2
    await new Promise((r) => setTimeout(r, 10))
    expect(calls).toBe(1)
    watch.stop()
  })
})
