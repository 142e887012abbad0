// UTF-8 byte order for JS strings without encoding them. UTF-8 byte order is code point order;
// UTF-16 code unit order (what `<` compares) differs from it only where a surrogate meets a unit
// in U+E000..U+FFFF, so the first differing units are shifted to put surrogates last.

export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000
}
