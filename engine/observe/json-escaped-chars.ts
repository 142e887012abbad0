// The characters `JSON.stringify` writes escaped in a string: a quote, a backslash, a control
// character, a UTF-16 surrogate (a lone one becomes `\udxxx`; a pair is checked the same way, so
// a string holding one takes the slow path, which is still right). A string with none of them is
// its JSON text between two quotes, which the hot paths write without `JSON.stringify`
// (decisions 0210, 0231). One class, for every such fast path.

/** The class's body, for building each fast path's pattern. */
export const JSON_ESCAPED_CHARS = String.raw`"\\\u0000-\u001f\ud800-\udfff`

/** A string holding none of them. */
export const JSON_PLAIN = new RegExp(`^[^${JSON_ESCAPED_CHARS}]*$`)
