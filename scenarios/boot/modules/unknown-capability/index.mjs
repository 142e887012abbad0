// Never loaded: the manifest is refused before the module's code is imported.
export async function init() {}
export async function onEvent() {}
