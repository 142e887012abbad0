// A typed column grown to a new length, its entries copied: the one way the typed tables of
// decision 0216 grow.

type Column = Float64Array | Int32Array | Uint8Array

/** A new column of `length` entries of `from`'s type, starting with `from`'s entries. */
export function grown<C extends Column>(from: C, length: number): C {
  const into = new (from.constructor as new (length: number) => C)(length)
  into.set(from)
  return into
}
