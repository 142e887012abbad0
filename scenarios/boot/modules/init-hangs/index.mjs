// init reads the head and waits for it; a node that does not answer keeps init waiting until the
// engine's deadline (or, without one, the RPC timeout) ends it.
export async function init(_config, host) {
  await host.chain.request(11155111, 'eth_blockNumber', '[]')
  host.logging.log('info', 'init-hangs: head read')
}
export async function onEvent() {}
