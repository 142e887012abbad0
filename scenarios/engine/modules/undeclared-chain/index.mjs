// Calls a host it did not declare; the refusal (a HostError) propagates as its dispatch's host error.
export async function init() {}
export async function onEvent(event, host) {
  if (event.kind !== 'block') return
  await host.chain.request(event.block.chainId, 'eth_blockNumber', '[]')
}
