// Block time for decisions made on chain time (backoffs, epoch gates), never the host clock.
import type { Block } from '../../engine/module-api/index.js'

/** Block timestamps are header seconds × 1000; decisions and epochs are whole seconds. */
export function blockSeconds(block: Block): number {
  return Math.floor(block.timestamp / 1000)
}
