// A one-line progress display for long runs: `[12/136] scenarios/m3/x.yaml`, rewritten in place
// on a terminal's stderr and erased at the end. Not a terminal (CI logs, pipes, files): nothing,
// so the captured output is the report alone.

export interface ProgressTarget {
  isTTY?: boolean | undefined
  columns?: number | undefined
  write(text: string): unknown
}

export interface Progress {
  start(index: number, total: number, label: string): void
  done(): void
}

const SILENT: Progress = { start: () => {}, done: () => {} }

export function progressLine(target: ProgressTarget): Progress {
  if (!target.isTTY) return SILENT
  let shown = false
  return {
    start(index, total, label) {
      const text = `[${index + 1}/${total}] ${label}`
      const width = Math.max(20, (target.columns ?? 80) - 1)
      target.write(`\r\x1b[K${text.length > width ? `…${text.slice(text.length - width + 1)}` : text}`)
      shown = true
    },
    done() {
      if (shown) target.write('\r\x1b[K')
      shown = false
    },
  }
}
