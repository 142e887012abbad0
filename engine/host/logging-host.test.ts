import { describe, expect, it } from 'vitest'
import { recordingTelemetry } from './host-test-doubles.js'
import { createLoggingHost } from './logging-host.js'

describe('logging host', () => {
  it('emits a module log event with the message verbatim', () => {
    const telemetry = recordingTelemetry()
    createLoggingHost(telemetry, 'price-alert').log('warn', 'price crossed  threshold\n')
    expect(telemetry.events).toEqual([
      { type: 'log', level: 'warn', target: 'module', module: 'price-alert', message: 'price crossed  threshold\n' },
    ])
  })
})
