import { describe, expect, it } from 'vitest'
import type { Decision } from '../module-api/host.js'
import { createLogger } from '../observe/logger.js'
import { createDecisionsHost } from './decisions-host.js'
import { recordingTelemetry, thrownBy } from './host-test-doubles.js'

const UID = `0x${'ab'.repeat(56)}` as const

describe('decisions host', () => {
  it('emits a decision event and an engine debug line', () => {
    const telemetry = recordingTelemetry()
    const host = createDecisionsHost(telemetry, createLogger(telemetry), 'stop-loss')
    host.report({ uid: UID, decision: 'backoff', backoffSeconds: 600, status: 400, errorType: 'InsufficientBalance' })
    expect(telemetry.events).toEqual([
      {
        type: 'decision',
        module: 'stop-loss',
        decision: { uid: UID, decision: 'backoff', backoffSeconds: 600, status: 400, errorType: 'InsufficientBalance' },
      },
      {
        type: 'log',
        level: 'debug',
        target: 'engine',
        message: 'module decision',
        fields: {
          module: 'stop-loss',
          uid: UID,
          decision: 'backoff',
          backoff_seconds: 600,
          status: 400,
          error_type: 'InsufficientBalance',
        },
      },
    ])
  })

  it('records a copy without undefined fields, immune to later changes', () => {
    const telemetry = recordingTelemetry()
    const host = createDecisionsHost(telemetry, createLogger(telemetry), 'twap')
    const decision: Decision = { uid: UID, decision: 'submitted', status: 201, errorType: undefined }
    host.report(decision)
    decision.decision = 'drop'
    expect(telemetry.events[0]).toEqual({
      type: 'decision',
      module: 'twap',
      decision: { uid: UID, decision: 'submitted', status: 201 },
    })
    expect(Object.keys((telemetry.events[0] as { decision: object }).decision)).toEqual(['uid', 'decision', 'status'])
  })

  it('refuses a malformed decision and traces nothing', () => {
    const telemetry = recordingTelemetry()
    const host = createDecisionsHost(telemetry, createLogger(telemetry), 'twap')
    const bad = [
      { uid: 'abc', decision: 'drop' },
      { uid: UID, decision: 'retry' },
      { uid: UID, decision: 'backoff', backoffSeconds: -1 },
    ] as unknown as Decision[]
    for (const d of bad) {
      expect(thrownBy(() => host.report(d))).toMatchObject({
        name: 'HostError',
        domain: 'decisions',
        kind: 'invalid-input',
      })
    }
    expect(telemetry.events).toEqual([])
  })
})
