// Whether MSW's interceptors stay on between books (decision 0203), apart from msw-transport.ts
// so a run can ask for it without loading msw: msw is imported only by a run on that transport.

let keepers = 0
let onRelease: (() => void) | undefined

/** True inside keepMswListening: a closed book leaves its server listening. */
export function mswKept(): boolean {
  return keepers > 0
}

/** What to do when the last keeper ends (close the server left listening). */
export function whenMswKeepEnds(release: () => void): void {
  onRelease = release
}

/**
 * Keeps the last server listening between the books of `body` (a run of scenario files): msw's
 * listen and close re-patch fetch, http and XMLHttpRequest, ~0.8 ms per scenario. Between two
 * books nothing is answered (no active book: a network error, never the network). The globals
 * are restored when `body` ends.
 */
export async function keepMswListening<T>(body: () => Promise<T>): Promise<T> {
  keepers++
  try {
    return await body()
  } finally {
    keepers--
    if (keepers === 0) {
      const release = onRelease
      onRelease = undefined
      release?.()
    }
  }
}
