import { describe, expect, it } from 'vitest'
import { createClockHost } from './clock-host.js'
import { idleClock } from './host-test-doubles.js'

describe('clock host', () => {
  it("answers with the engine clock's now, every time it is asked", () => {
    let now = 1_234_567
    const clock = { ...idleClock(), now: () => now }
    const host = createClockHost(clock)
    expect(host.nowMs()).toBe(1_234_567)
    now += 12_000
    expect(host.nowMs()).toBe(1_246_567)
  })
})
