// An engine must not run on as an orphan. Launched through `npx` / `npm exec`, it sits under
// `npm → sh -c → node`: a SIGTERM sent to npm kills the shell, and the engine, reparented, would
// go on holding the store's lock (decision 0035). The process's parent id changes when its parent
// exits; polling it is the one portable way to notice (Linux's PR_SET_PDEATHSIG is not reachable
// from Node).

export interface ParentWatch {
  stop(): void
}

export interface WatchParentOptions {
  /** Default: the live `process.ppid`. */
  ppid?: () => number
  intervalMs?: number
}

/** Calls `onGone` once when the parent process id changes. The timer never keeps Node alive. */
export function watchParent(onGone: () => void, options: WatchParentOptions = {}): ParentWatch {
  const ppid = options.ppid ?? (() => process.ppid)
  const original = ppid()
  const timer = setInterval(() => {
    if (ppid() === original) return
    clearInterval(timer)
    onGone()
  }, options.intervalMs ?? 250)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
