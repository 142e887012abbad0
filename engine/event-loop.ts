// The event loop (the Rust engine's runtime/event_loop.rs): one event at a time, strict priority
// shutdown > blocks > logs when several are ready. Dispatch never overlaps the wait, so a signal
// that arrives mid-dispatch is honoured after the in-flight dispatch completes.
import type { Logger } from './observe/logger.js'
import type { Telemetry } from './observe/telemetry.js'
import type { BlockHeader, EventStream, RawLog } from './sources/source.js'
import { MergedStream } from './loop/merged-stream.js'
import { WakeSignal } from './loop/wake-signal.js'

export interface BlockStreamInput {
  chainId: number
  stream: EventStream<BlockHeader>
}

export interface LogStreamInput {
  module: string
  chainId: number
  stream: EventStream<RawLog>
}

export interface EventLoopInputs {
  blockStreams: readonly BlockStreamInput[]
  logStreams: readonly LogStreamInput[]
  /** Aborted with the signal's name. */
  shutdown: AbortSignal
  dispatchBlock(chainId: number, header: BlockHeader): Promise<unknown>
  dispatchLog(module: string, chainId: number, log: RawLog): Promise<unknown>
  logger: Logger
  telemetry: Telemetry
  /** Told whenever the loop starts waiting or starts dispatching. */
  onStatus?: ((status: 'waiting' | 'dispatching') => void) | undefined
}

export type LoopEnd =
  | { reason: 'signal'; signal: string }
  | { reason: 'block-stream-ended' }
  | { reason: 'log-stream-ended' }

/** Where an item came from: its chain, and for a log stream the module that owns it. */
type Origin = { chainId: number; module: string }

export async function runEventLoop(inputs: EventLoopInputs): Promise<LoopEnd> {
  const { shutdown, logger, telemetry } = inputs
  const wake = new WakeSignal()
  const onAbort = () => wake.wake()
  shutdown.addEventListener('abort', onAbort)

  const blocks = new MergedStream<BlockHeader, Origin>(
    inputs.blockStreams.map((s) => ({ stream: s.stream, tag: { chainId: s.chainId, module: '' } })),
    wake.wake,
  )
  const logs = new MergedStream<RawLog, Origin>(
    inputs.logStreams.map((s) => ({ stream: s.stream, tag: { chainId: s.chainId, module: s.module } })),
    wake.wake,
  )
  const setStatus = inputs.onStatus ?? (() => {})

  try {
    for (;;) {
      if (shutdown.aborted) return { reason: 'signal', signal: String(shutdown.reason ?? 'SIGTERM') }

      const block = blocks.take()
      if (block) {
        if (block.item.ok) {
          setStatus('dispatching')
          await inputs.dispatchBlock(block.tag.chainId, block.item.value)
        } else {
          logger.warn('block stream error - continuing', { error: block.item.error.message })
          telemetry.emit({ type: 'stream-error', stream: 'blocks', error: block.item.error.message })
        }
        continue
      }
      if (blocks.ended()) {
        telemetry.emit({ type: 'stream-end', stream: 'blocks' })
        logger.warn('block stream ended (WebSocket dropped?) - shutting down for restart')
        return { reason: 'block-stream-ended' }
      }

      const log = logs.take()
      if (log) {
        if (log.item.ok) {
          setStatus('dispatching')
          await inputs.dispatchLog(log.tag.module, log.tag.chainId, log.item.value)
        } else {
          logger.warn('log stream error - continuing', { error: log.item.error.message })
          telemetry.emit({ type: 'stream-error', stream: 'logs', error: log.item.error.message })
        }
        continue
      }
      if (logs.ended()) {
        telemetry.emit({ type: 'stream-end', stream: 'logs' })
        logger.warn('log stream ended (WebSocket dropped?) - shutting down for restart')
        return { reason: 'log-stream-ended' }
      }

      setStatus('waiting')
      await wake.wait()
    }
  } finally {
    shutdown.removeEventListener('abort', onAbort)
    for (const s of inputs.blockStreams) s.stream.close()
    for (const s of inputs.logStreams) s.stream.close()
  }
}
