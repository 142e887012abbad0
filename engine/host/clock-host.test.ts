import { describe, expect, it } from 'vitest'
import { createClockHost } from './clock-host.js'
import { testClock } from './host-test-doubles.js'

describe('clock host', () => {
  it("answers with the engine clock's now, every time it is asked", () => {
    const clock = testClock(1_234_567)
    const host = createClockHost(clock)
    expect(host.nowMs()).toBe(1_234_567)
    clock.advanceBy(12_000)
    expect(host.nowMs()).toBe(1_246_567)
  })
})
