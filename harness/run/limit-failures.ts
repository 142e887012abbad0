// A junk file can produce thousands of problems; a reader acts on the first few. Each scenario
// shows at most MAX_FAILURES_SHOWN, each cut to MAX_FAILURE_CHARS, and says how many were left out.

export const MAX_FAILURES_SHOWN = 20
export const MAX_FAILURE_CHARS = 2_000

export function limitFailures(failures: readonly string[]): string[] {
  const shown = failures
    .slice(0, MAX_FAILURES_SHOWN)
    .map((f) =>
      f.length > MAX_FAILURE_CHARS
        ? `${f.slice(0, MAX_FAILURE_CHARS)}… (${f.length - MAX_FAILURE_CHARS} more characters)`
        : f,
    )
  const rest = failures.length - shown.length
  if (rest > 0) shown.push(`… and ${rest} more problem${rest === 1 ? '' : 's'} in this file, not shown`)
  return shown
}
