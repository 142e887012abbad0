// The peak resident set size of this process's own memory, in KiB.
//
// `process.resourceUsage().maxRSS` (getrusage) is not that on Linux: a spawned child is forked
// from its parent before it execs, and the kernel keeps the forked copy's high-water mark across
// the exec. A child spawned by a 167 MB bench process reported 167 MB whatever it replayed (a
// day, 10,000 blocks, 300,000 blocks). `VmHWM` in /proc/self/status is the high-water mark of
// the memory map this process has had since its exec: its own peak.
import { readFileSync } from 'node:fs'

/** `VmHWM` from a /proc/<pid>/status text, in KiB; undefined when the line is missing. */
export function highWaterMarkKiB(status: string): number | undefined {
  const match = /^VmHWM:\s*(\d+)\s*kB$/m.exec(status)
  return match ? Number(match[1]) : undefined
}

/** This process's own peak RSS in KiB: VmHWM where /proc has it, getrusage's maxRSS elsewhere. */
export function ownPeakRssKiB(): number {
  let status: string | undefined
  try {
    status = readFileSync('/proc/self/status', 'utf8')
  } catch {
    status = undefined // not Linux: getrusage is the best there is
  }
  return (status === undefined ? undefined : highWaterMarkKiB(status)) ?? process.resourceUsage().maxRSS
}
