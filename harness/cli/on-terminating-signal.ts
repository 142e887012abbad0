// SIGINT or SIGTERM, the first one: run `cleanup`, then die of that same signal, as the process
// would have without the handler (a parent reads which signal from the exit status). For what a
// signal's default death would leave behind: anvil nodes, a half-written file. Returns the
// uninstaller, to call once the work the handler guards is over.
export function onTerminatingSignal(cleanup: (signal: NodeJS.Signals) => void | Promise<void>): () => void {
  const onSignal = async (signal: NodeJS.Signals) => {
    await cleanup(signal)
    uninstall()
    process.kill(process.pid, signal)
  }
  const uninstall = () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return uninstall
}
