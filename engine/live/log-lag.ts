// A live stream's lag report as a log line (decision 0029): the queue reports once per quarter
// of its bound crossed, at each coalescing (at most once per bound's worth of blocks), at an
// overflow, and when it drained again, so these lines are rate-limited by construction.
import type { Logger } from '../observe/logger.js'
import type { LagReport } from '../sources/ws-event-queue.js'
import type { LaggingStream } from '../sources/ws-sources.js'

export function logLag(logger: Logger, stream: LaggingStream, report: LagReport): void {
  const fields = {
    stream: stream.kind,
    chain_id: stream.chainId,
    module: stream.module,
    queued: report.queued,
    max: report.max,
    oldest_block: report.oldestBlock,
    newest_block: report.newestBlock,
  }
  switch (report.kind) {
    case 'behind':
      logger.warn('engine behind - events queued', fields)
      break
    case 'coalesced':
      logger.warn('engine behind - queued blocks coalesced to the newest head', {
        ...fields,
        dropped: report.dropped,
        dropped_total: report.droppedTotal,
      })
      break
    case 'overflow':
      logger.error('engine behind - log queue full, the stream ends (restart to resubscribe)', fields)
      break
    case 'caught-up':
      logger.info('engine caught up', {
        stream: stream.kind,
        chain_id: stream.chainId,
        module: stream.module,
        dropped_total: report.droppedTotal,
      })
      break
  }
}
