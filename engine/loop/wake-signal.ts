// A level-triggered wake-up: `wait()` resolves at the next `wake()`, or at once if one happened
// since the last wait. Lets the loop sleep until any input changes.
export class WakeSignal {
  private pending = false
  private resolve: (() => void) | undefined

  wake = (): void => {
    if (this.resolve) {
      const r = this.resolve
      this.resolve = undefined
      r()
    } else {
      this.pending = true
    }
  }

  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false
      return Promise.resolve()
    }
    return new Promise((r) => (this.resolve = r))
  }
}
