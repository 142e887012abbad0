// init traps: it throws something that is not a HostError (decision 0002).
export async function init() {
  throw new Error('init-trap: cannot start')
}
export async function onEvent() {}
