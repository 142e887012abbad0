// The repository stands on its own: a user's clone has nothing beside it. No file reads or cites
// a folder outside the tree, and every relative link in the docs lands on a file (and heading)
// that exists here.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { anchorsOf, headingSlug, linkTargets } from './support/markdown-links.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Not ours, or generated: never scanned. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'data', 'out', '.vitest-results', 'dist'])
const SKIPPED_FILES = new Set(['package-lock.json'])

/** Tracked files (git ls-files), or every file of the tree when there is no git metadata. */
function repositoryFiles(): string[] {
  if (existsSync(join(ROOT, '.git'))) {
    const listed = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    return listed.split('\0').filter((f) => f !== '' && existsSync(join(ROOT, f)))
  }
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name))
      else if (entry.isFile()) files.push(relative(ROOT, join(dir, entry.name)))
    }
  }
  walk(ROOT)
  return files
}

function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 8000).includes(0)
}

// Built from parts so that this file does not match its own patterns.
const SIBLING = new RegExp(`\\.\\./${'shared'}\\b`)
const ABSOLUTE_WORK = new RegExp(`(^|[^\\w.~-])/${'work'}(/|\\b)`)

interface Finding {
  file: string
  line: number
  text: string
}

/** Every line of a tracked text file that matches `pattern`. */
function linesMatching(files: string[], pattern: RegExp): Finding[] {
  const found: Finding[] = []
  for (const file of files) {
    if (SKIPPED_FILES.has(file.split('/').pop() ?? '')) continue
    const bytes = readFileSync(join(ROOT, file))
    if (!isText(bytes)) continue
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((text, i) => {
        if (pattern.test(text)) found.push({ file, line: i + 1, text: text.trim().slice(0, 160) })
      })
  }
  return found
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target)

/** Each relative link of `file` that does not resolve, as "target: why". */
function brokenLinks(file: string): string[] {
  const markdown = readFileSync(join(ROOT, file), 'utf8')
  const broken: string[] = []
  for (const target of linkTargets(markdown)) {
    if (isExternal(target)) continue
    const [pathPart = '', anchor] = target.split('#', 2)
    const path = decodeURIComponent(pathPart)
    const resolved = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), path)
    if (!resolved.startsWith(ROOT)) {
      broken.push(`${target}: leaves the repository`)
      continue
    }
    if (!existsSync(resolved)) {
      broken.push(`${target}: no such file`)
      continue
    }
    if (anchor !== undefined && anchor !== '' && resolved.endsWith('.md') && statSync(resolved).isFile()) {
      if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${target}: no heading #${anchor}`)
    }
  }
  return broken
}

const files = repositoryFiles()
const markdownDocs = files.filter((f) => f.endsWith('.md') && (f.startsWith('docs/') || f.endsWith('README.md')))

describe('the repository stands on its own', () => {
  it('lists the files it checks', () => {
    expect(files).toContain('package.json')
    expect(markdownDocs).toContain('README.md')
    expect(markdownDocs).toContain('docs/scenarios.md')
    const relativeLinks = markdownDocs.flatMap((f) => linkTargets(readFileSync(join(ROOT, f), 'utf8')))
    expect(relativeLinks.filter((t) => !isExternal(t)).length).toBeGreaterThan(40)
  })

  it('no file refers to the sibling shared folder (SIBLING)', () => {
    expect(linesMatching(files, SIBLING)).toEqual([])
  })

  it('no file refers to an absolute path on the build machine (ABSOLUTE_WORK)', () => {
    expect(linesMatching(files, ABSOLUTE_WORK)).toEqual([])
  })

  it('every relative link in the docs resolves to a file (and heading) in the repository', () => {
    const broken = markdownDocs.flatMap((file) => brokenLinks(file).map((why) => `${file}: ${why}`))
    expect(broken).toEqual([])
  })
})

describe('the decision records', () => {
  it('docs/decisions/README.md links every record, and every link there is a record', () => {
    const records = files
      .filter((f) => /^docs\/decisions\/\d{4}-.*\.md$/.test(f))
      .map((f) => f.slice('docs/decisions/'.length))
    const index = readFileSync(join(ROOT, 'docs/decisions/README.md'), 'utf8')
    const linked = linkTargets(index).filter((t) => /^\d{4}-.*\.md$/.test(t))
    expect(records.length).toBeGreaterThan(40)
    expect([...new Set(linked)].sort()).toEqual([...records].sort())
  })
})

describe('the checks themselves', () => {
  it('the patterns catch what they are for, and not their neighbours', () => {
    expect(SIBLING.test(`read ${'..'}/shared/spec/examples`)).toBe(true)
    expect(SIBLING.test('see docs/shared-state.md')).toBe(false)
    expect(ABSOLUTE_WORK.test(`path.resolve('/${'work'}/main')`)).toBe(true)
    expect(ABSOLUTE_WORK.test(`cd /${'work'}`)).toBe(true)
    expect(ABSOLUTE_WORK.test('docs/work/x.md and ./work/y')).toBe(false)
  })

  it('reads links as GitHub does', () => {
    expect(linkTargets('[a](docs/x.md) `[b](no.md)` [c](https://x.org) [d](#top "title")')).toEqual([
      'docs/x.md',
      'https://x.org',
      '#top',
    ])
    expect(linkTargets('```\n[a](inside-a-fence.md)\n```\n[b](after.md)')).toEqual(['after.md'])
    expect(headingSlug('2. Configuration')).toBe('2-configuration')
    expect(headingSlug('The host side: `cow-api`')).toBe('the-host-side-cow-api')
    expect(headingSlug('Values: amounts, addresses')).toBe('values-amounts-addresses')
  })
})
