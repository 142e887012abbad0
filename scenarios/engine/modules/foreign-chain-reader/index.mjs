// On each block: one chain request and one orderbook request on chain 100, each failure logged
// with its host error fields (docs/design.md §13 row 23). Always returns ok.
export async function init() {}
export async function onEvent(event, host) {
  if (event.kind !== 'block') return
  for (const [what, call] of [
    ['chain', () => host.chain.request(100, 'eth_blockNumber', '[]')],
    ['cow-api', () => host.cowApi.request(10200, 'GET', '/api/v1/version')],
  ]) {
    try {
      await call()
      host.logging.log('info', `${what}: answered`)
    } catch (error) {
      host.logging.log('warn', `${what}: ${error.kind} (${error.code}): ${error.message}`)
    }
  }
}
