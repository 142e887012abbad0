// Reading Markdown the way GitHub renders it: inline link targets and heading anchors.

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** The anchors a Markdown file offers: its headings' slugs (repeats get -1, -2, …). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading?.[1] === undefined) continue
    const slug = headingSlug(heading[1])
    const n = seen.get(slug) ?? 0
    anchors.add(n === 0 ? slug : `${slug}-${n}`)
    seen.set(slug, n + 1)
  }
  return anchors
}

/** The targets of the inline links `[text](target)` outside code fences and code spans. */
export function linkTargets(markdown: string): string[] {
  const targets: string[] = []
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced
      continue
    }
    if (fenced) continue
    const prose = line.replace(/`[^`]*`/g, '')
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1] as string)
  }
  return targets
}
