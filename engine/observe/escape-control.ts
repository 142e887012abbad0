// A human log line is one line: text from the world (an orderbook body, an RPC error, a module's
// own message) must not be able to start another one, or forge a `done reason=…` line, or move
// the terminal's cursor. Control characters become visible escapes.

// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0
  const found = CONTROL.test(text)
  CONTROL.lastIndex = 0
  return found
}
