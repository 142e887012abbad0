// The line of a scenario file a failure is about. Failures start with a key path
// (`expect.dispatch.probe.blocks: wanted 3, got 2`, `steps[1]: …`); the YAML's own source ranges
// say where that key is. A path that is not in the file (a default, a key that was missing)
// falls back to its nearest ancestor that is, and a file that does not parse to line 1.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'

/** `expect.dispatch["a.b"].blocks` → ['expect', 'dispatch', 'a.b', 'blocks']; steps[1] → ['steps', 1]. */
export function splitKeyPath(text: string): (string | number)[] {
  const segments: (string | number)[] = []
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) segments.push(m[1])
    else if (m[2] !== undefined) segments.push(Number(m[2]))
    else if (m[3] !== undefined) segments.push(JSON.parse(`"${m[3]}"`) as string)
  }
  return segments
}

/** The key path a failure line starts with, or undefined when it does not start with one. */
export function failureKeyPath(failure: string): string | undefined {
  const m = /^([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*):\s/.exec(failure)
  return m?.[1]
}

export function lineOfKeyPath(source: string, keyPath: string): number {
  let doc: ReturnType<typeof parseDocument>
  const counter = new LineCounter()
  try {
    doc = parseDocument(source, { lineCounter: counter, keepSourceTokens: false })
  } catch {
    return 1
  }
  let node: unknown = doc.contents
  let offset = 0
  for (const segment of splitKeyPath(keyPath)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))
      if (!pair) break
      offset = (pair.key as Node).range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined
      if (!item) break
      offset = item.range?.[0] ?? offset
      node = item
    } else break
  }
  return counter.linePos(offset).line
}
