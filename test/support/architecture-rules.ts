// The architecture's rules, checked on the source itself with TypeScript's own parser (no
// regexes): which folder may import which, and where the wall clock, timers and randomness may
// be read. `checkArchitecture(root)` returns every violation with its file, line and rule.
// The rules are about the product: `*.test.ts` files are exempt (a test may cross-check the
// harness against the SDK, or wait on real time).
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

export type RuleName =
  | 'engine-imports-harness-or-modules'
  | 'modules-import-engine-beyond-module-api'
  | 'harness-imports-module-code'
  | 'module-code-imports-test-support'
  | 'nondeterminism-outside-engine-live'
  | 'error-class-not-on-base'

export const RULES: Record<RuleName, string> = {
  'engine-imports-harness-or-modules': 'engine/ imports nothing from harness/ or modules/',
  'modules-import-engine-beyond-module-api': 'modules/ import nothing from engine/ but engine/module-api',
  'harness-imports-module-code':
    'harness/ imports no code from modules/ (it is the judge; loading a module folder by path is fine)',
  'module-code-imports-test-support':
    "modules/ code imports no test support (modules/sdk/testing, a folder's test-*.ts): only tests do",
  'nondeterminism-outside-engine-live':
    'engine/ and modules/ read no wall clock, timer or randomness; only engine/live may, the rest is injected',
  'error-class-not-on-base':
    'an error class of engine/ or harness/ extends BaseError (engine/errors/base-error.ts), the one error base; modules/ see only the module ABI',
}

export interface Violation {
  /** Relative to the root, with `/`. */
  file: string
  line: number
  rule: RuleName
  /** What was found, e.g. `import '../../harness/run/trace.js'` or `Date.now`. */
  found: string
}

/** An import: where it is and what it names (the specifier as written, and resolved when relative). */
export interface ImportSite {
  file: string
  line: number
  specifier: string
  /** Relative to the root, with `/`; undefined for a package import. */
  target: string | undefined
}

const AREAS = ['engine', 'modules', 'harness'] as const
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/
const TEST_FILE = /\.test\.(?:ts|mts|js|mjs)$/
/** Code only tests import: the SDK's testing entry and a folder's `test-fixtures.ts` / `test-helpers.ts`. */
const TEST_SUPPORT = /^modules\/sdk\/testing\/|(?:^|\/)test-[a-z-]+\.(?:ts|js)$/
/** What the SDK's testing entry may use of the engine besides the ABI: the one virtual clock (decision 0112). */
const TESTING_MAY_IMPORT = /^engine\/clock\//

/** Every violation under `root` (a checkout), in file and line order. */
export function checkArchitecture(root: string): Violation[] {
  const violations: Violation[] = []
  for (const file of sourceFiles(root)) {
    if (TEST_FILE.test(file)) continue
    const source = parse(root, file)
    for (const site of importSites(root, file, source)) {
      const rule = importRule(file, site)
      if (rule) violations.push({ file, line: site.line, rule, found: `import '${site.specifier}'` })
    }
    if (mustBeDeterministic(file))
      for (const { line, found } of nondeterministicReads(source))
        violations.push({ file, line, rule: 'nondeterminism-outside-engine-live', found })
    if (mustUseErrorBase(file))
      for (const { line, found } of errorClassesOffBase(source))
        violations.push({ file, line, rule: 'error-class-not-on-base', found })
  }
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

/** Every import of every source file under `root` whose target lies in `area`. */
export function importsInto(root: string, from: string, area: string): ImportSite[] {
  const sites: ImportSite[] = []
  for (const file of sourceFiles(root)) {
    if (!file.startsWith(`${from}/`)) continue
    for (const site of importSites(root, file, parse(root, file)))
      if (site.target?.startsWith(`${area}/`)) sites.push(site)
  }
  return sites
}

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line}: ${v.rule}: ${v.found} (${RULES[v.rule]})`
}

function importRule(file: string, site: ImportSite): RuleName | undefined {
  const target = site.target
  if (file.startsWith('engine/')) {
    if (target?.startsWith('harness/') || target?.startsWith('modules/')) return 'engine-imports-harness-or-modules'
  } else if (file.startsWith('modules/')) {
    const testSupport = TEST_SUPPORT.test(file)
    if (
      target?.startsWith('engine/') &&
      !target.startsWith('engine/module-api/') &&
      target !== 'engine/module-api' &&
      !(testSupport && TESTING_MAY_IMPORT.test(target))
    )
      return 'modules-import-engine-beyond-module-api'
    if (!testSupport && target !== undefined && (TEST_SUPPORT.test(target) || target === 'modules/sdk/testing'))
      return 'module-code-imports-test-support'
  } else if (file.startsWith('harness/')) {
    if (target?.startsWith('modules/')) return 'harness-imports-module-code'
  }
  if (mustBeDeterministic(file) && /^(?:node:)?timers(?:\/promises)?$/.test(site.specifier))
    return 'nondeterminism-outside-engine-live'
  return undefined
}

/** Production code of engine/ (but engine/live) and modules/: tests may wait on real time. */
function mustBeDeterministic(file: string): boolean {
  if (TEST_FILE.test(file)) return false
  if (file.startsWith('engine/live/')) return false
  return file.startsWith('engine/') || file.startsWith('modules/')
}

/** The one file allowed to extend `Error` itself. */
const ERROR_BASE = 'engine/errors/base-error.ts'

function mustUseErrorBase(file: string): boolean {
  return (file.startsWith('engine/') || file.startsWith('harness/')) && file !== ERROR_BASE
}

/** JavaScript's own error classes: extending one of them skips the project's base. */
const BUILT_IN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'AggregateError'])

/** Classes declared `extends Error` (or another built-in error), named with their line. */
function errorClassesOffBase(source: ts.SourceFile): { line: number; found: string }[] {
  const found: { line: number; found: string }[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const base = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]
        ?.expression
      if (base && ts.isIdentifier(base) && BUILT_IN_ERRORS.has(base.text))
        found.push({
          line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
          found: `class ${node.name?.text ?? '(anonymous)'} extends ${base.text}`,
        })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function sourceFiles(root: string): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
      const path = dir ? `${dir}/${entry.name}` : entry.name
      if (entry.isDirectory()) walk(path)
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path)
    }
  }
  for (const area of AREAS) walk(area)
  return files.sort()
}

function parse(root: string, file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true)
}

/**
 * Static and type-only imports, re-exports (`export … from`), `import x = require()`, dynamic
 * `import()` and `require()` with a literal specifier, and `import('…')` types.
 */
function importSites(root: string, file: string, source: ts.SourceFile): ImportSite[] {
  const sites: ImportSite[] = []
  const add = (node: ts.Node, literal: ts.Expression | undefined) => {
    if (!literal || !(ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal))) return
    const specifier = literal.text
    sites.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      specifier,
      target: specifier.startsWith('.') ? toRootPath(root, resolve(root, dirname(file), specifier)) : undefined,
    })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier)
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node, node.moduleReference.expression)
    else if (ts.isCallExpression(node)) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require'))
        add(node, node.arguments[0])
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      add(node, node.argument.literal as ts.Expression)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return sites
}

function toRootPath(root: string, absolute: string): string | undefined {
  const path = relative(root, absolute)
  if (path.startsWith('..')) return undefined
  return path.split(sep).join('/')
}

/** Globals that read the wall clock or real randomness when merely referenced or called. */
const MEMBER_READS = new Set(['Date.now', 'Math.random', 'performance.now', 'process.hrtime'])
const GLOBAL_TIMERS = new Set(['setTimeout', 'setInterval'])
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'global', 'self'])

function nondeterministicReads(source: ts.SourceFile): { line: number; found: string }[] {
  const found: { line: number; found: string }[] = []
  const at = (node: ts.Node, what: string) =>
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, found: what })
  const visit = (node: ts.Node): void => {
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && !isInnerMember(node)) {
      const path = memberPath(node)
      if (path && MEMBER_READS.has(path)) at(node, path)
      if (path && GLOBAL_TIMERS.has(path)) at(node, path)
    } else if (ts.isNewExpression(node) && isGlobal(node.expression, 'Date') && !node.arguments?.length) {
      at(node, 'new Date()')
    } else if (ts.isCallExpression(node) && isGlobal(node.expression, 'Date')) {
      at(node, 'Date()')
    } else if (ts.isIdentifier(node) && GLOBAL_TIMERS.has(node.text) && isValueReference(node)) {
      at(node, node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** `Date.now`, `globalThis.Date.now`, `Date['now']` → `Date.now`; `globalThis.setTimeout` → `setTimeout`. */
function memberPath(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  const parts: string[] = []
  let current: ts.Expression = node
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      parts.unshift(current.name.text)
      current = current.expression
    } else if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) {
      parts.unshift(current.argumentExpression.text)
      current = current.expression
    } else if (ts.isParenthesizedExpression(current)) {
      current = current.expression
    } else break
  }
  if (!ts.isIdentifier(current)) return undefined
  parts.unshift(current.text)
  while (parts.length > 1 && GLOBAL_OBJECTS.has(parts[0]!)) parts.shift()
  // `process.hrtime.bigint()` reads the same clock.
  return parts.slice(0, 2).join('.')
}

/** `Date.now` inside `Date.now.call`: only the outermost access is looked at. */
function isInnerMember(node: ts.Expression): boolean {
  const parent = node.parent
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node
}

function isGlobal(expression: ts.Expression, name: string): boolean {
  if (ts.isIdentifier(expression)) return expression.text === name
  if (ts.isPropertyAccessExpression(expression))
    return (
      expression.name.text === name &&
      ts.isIdentifier(expression.expression) &&
      GLOBAL_OBJECTS.has(expression.expression.text)
    )
  return false
}

/** A bare identifier used as a value: not a property name, a declared name or a type. */
function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isExportSpecifier(parent)) &&
    parent.name === node
  )
    return false
  if (ts.isImportSpecifier(parent) && parent.propertyName === node) return false
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent)) return false
  return true
}
