// Text for XML attributes and character data. XML 1.0 forbids most control characters, lone
// surrogates, U+FFFE and U+FFFF even when escaped, so one such character (a binary scenario file
// quoted in a message) would make the whole report unparseable: each becomes U+FFFD.

const FORBIDDEN = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

export function xmlText(s: string): string {
  return s
    .replace(FORBIDDEN, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** In an attribute a newline would be normalised to a space by the reader: keep it. */
export function xmlAttribute(s: string): string {
  return xmlText(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
}
