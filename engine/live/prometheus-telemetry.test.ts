import { describe, expect, it } from 'vitest'
import { createEngineMetrics } from './prometheus-telemetry.js'

const UID = `0x${'ab'.repeat(56)}` as const

describe('createEngineMetrics', () => {
  it('counts traps, host calls by outcome, and orderbook answers by status and decision', async () => {
    const m = createEngineMetrics()
    m.telemetry.emit({ type: 'module-init', module: 'a', outcome: 'trap', error: 'boom' })
    m.telemetry.emit({ type: 'dispatch', module: 'b', event: 'block', chainId: 1, number: 7, outcome: 'trap' })
    m.telemetry.emit({ type: 'dispatch', module: 'b', event: 'logs', chainId: 1, number: 7, outcome: 'host-error' })
    m.telemetry.emit({
      type: 'host-call',
      module: 'b',
      host: 'cow-api',
      method: 'postOrder',
      args: [],
      ok: false,
      error: { domain: 'cow-api', code: 400, kind: 'invalid-input', message: 'bad' },
    })
    m.telemetry.emit({ type: 'decision', module: 'b', decision: { uid: UID, decision: 'backoff', status: 429 } })
    m.telemetry.emit({ type: 'decision', module: 'b', decision: { uid: UID, decision: 'submitted', status: 201 } })
    m.telemetry.emit({ type: 'stream-end', stream: 'blocks' })
    m.head(1, 10)
    m.delivered(1, 9)
    const text = await m.registry.metrics()
    for (const line of [
      'nexum_module_traps_total{module="a"} 1',
      'nexum_module_traps_total{module="b"} 1',
      'nexum_module_dispatches_total{module="b",event="block",outcome="trap"} 1',
      'nexum_module_dispatches_total{module="b",event="logs",outcome="host-error"} 1',
      'nexum_host_calls_total{module="b",host="cow-api",outcome="invalid-input"} 1',
      'nexum_orderbook_requests_total{module="b",status="429",decision="backoff"} 1',
      'nexum_orderbook_requests_total{module="b",status="201",decision="submitted"} 1',
      'nexum_stream_ends_total{stream="blocks"} 1',
      'nexum_chain_head_block{chain_id="1"} 10',
      'nexum_chain_delivered_block{chain_id="1"} 9',
    ])
      expect(text.split('\n')).toContain(line)
  })
})
