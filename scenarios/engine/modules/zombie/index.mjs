// On the first block: waits for the head (the node answers late), then tries to record that it
// woke up, in its store and in a log line. Once its dispatch has trapped on the deadline, the
// engine has revoked its host, so both attempts must fail.
// Per host (one per module instance and boot), so two runs in one process never share it.
const woken = new WeakSet()
export async function init() {}
export async function onEvent(event, host) {
  if (event.kind !== 'block' || woken.has(host)) return
  woken.add(host)
  await host.chain.request(11155111, 'eth_blockNumber', '[]').catch(() => {})
  await host.localStore.set('woke', new Uint8Array([1])).catch(() => {})
  host.logging.log('info', 'zombie woke after its deadline')
}
