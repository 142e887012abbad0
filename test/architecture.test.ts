// The architecture as a test: the layer rules and the determinism rule (docs/contributing.md),
// checked on the source with TypeScript's parser. Each violation names the file, the line and
// the rule. The checker itself is tested on scratch trees holding one violation of each kind.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { checkArchitecture, formatViolation, type RuleName, type Violation } from './support/architecture-rules.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * harness/ → modules/ imports tolerated for now, each naming the issue that removes it. Empty since
 * issue 8 gave the harness its own viem-based order oracle. The list may only shrink: an entry
 * whose import is gone fails the test, so it is removed in the change that removes the import.
 */
const ALLOWED_HARNESS_TO_MODULES: readonly { file: string; specifier: string; issue: number }[] = []

/**
 * Determinism-rule breaks that are the point of the file, each with its reason. Same discipline:
 * an entry that no longer matches fails the test.
 */
const DELIBERATE_NONDETERMINISM: readonly { file: string; found: string; why: string }[] = [
  {
    file: 'engine/isolation/module-worker.ts',
    found: "import 'node:timers'",
    why: "replaces a module's timers with a fault (decision 0024); it never reads time",
  },
  {
    file: 'modules/fixtures/leaked-interval/index.ts',
    found: 'setInterval',
    why: 'a fixture module that leaks an interval on purpose, to test isolation',
  },
  {
    file: 'modules/fixtures/timer-throw/index.ts',
    found: 'setTimeout',
    why: 'a fixture module that throws from a timer on purpose, to test isolation',
  },
]

const deliberate = (v: Violation) =>
  v.rule === 'nondeterminism-outside-engine-live' &&
  DELIBERATE_NONDETERMINISM.some((d) => d.file === v.file && d.found === v.found)

const allowed = (v: Violation) =>
  deliberate(v) ||
  (v.rule === 'harness-imports-module-code' &&
    ALLOWED_HARNESS_TO_MODULES.some((a) => a.file === v.file && v.found === `import '${a.specifier}'`))

describe('the repository keeps its architecture', () => {
  const violations = checkArchitecture(ROOT)

  it('breaks no layer or determinism rule', () => {
    expect(violations.filter((v) => !allowed(v)).map(formatViolation)).toEqual([])
  })

  it('allow-lists only harness → modules imports that still exist (the list only shrinks)', () => {
    const stale = ALLOWED_HARNESS_TO_MODULES.filter(
      (a) =>
        !violations.some(
          (v) => v.rule === 'harness-imports-module-code' && v.file === a.file && v.found === `import '${a.specifier}'`,
        ),
    )
    expect(
      stale.map((a) => `${a.file} → ${a.specifier} (issue ${a.issue}): no longer imported, drop the entry`),
    ).toEqual([])
  })

  it('lists only deliberate determinism breaks that still exist', () => {
    const stale = DELIBERATE_NONDETERMINISM.filter(
      (d) =>
        !violations.some(
          (v) => v.rule === 'nondeterminism-outside-engine-live' && v.file === d.file && v.found === d.found,
        ),
    )
    expect(stale.map((d) => `${d.file}: ${d.found} is gone, drop the entry`)).toEqual([])
  })
})

describe('the architecture checker', () => {
  const scratch: string[] = []
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
  })

  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'nexum-architecture-'))
    scratch.push(root)
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true })
      writeFileSync(join(root, name), text)
    }
    return root
  }

  const found = (root: string) => checkArchitecture(root).map((v) => `${v.file}:${v.line} ${v.rule} ${v.found}`)

  it('reports each kind of forbidden import with its file, line and rule', () => {
    const root = tree({
      'engine/a.ts': `// line 1\nimport { Trace } from '../harness/run/trace.js'\n`,
      'engine/b.ts': `\n\nexport { x } from '../modules/sdk/index.js'\n`,
      'engine/c.ts': `export async function f() {\n  return import('../harness/x.js')\n}\n`,
      'engine/host/d.ts': `import type { Hex } from '../../modules/sdk/bytes.js'\n`,
      'modules/m/index.ts': `import { runEngine } from '../../engine/run-engine.js'\n`,
      'modules/m/ok.ts': `import type { Host } from '../../engine/module-api/index.js'\nimport { x } from '../sdk/index.js'\n`,
      'modules/m/types.ts': `export type T = typeof import('../../engine/config/types.js')\n`,
      'harness/h.ts': `import {\n  computeOrderUid,\n} from '../modules/sdk/cow/order-uid.js'\n`,
      'harness/load.ts': `const dir = new URL('../modules/probe', import.meta.url)\nexport const load = () => import(dir.href)\n`,
      'harness/cjs.ts': `import sdk = require('../modules/sdk/index.js')\n`,
      // Tests are not the product: they may cross-check the harness against the SDK.
      'harness/h.test.ts': `import { computeOrderUid } from '../modules/sdk/cow/order-uid.js'\n`,
      'engine/e.test.ts': `import { Trace } from '../harness/run/trace.js'\n`,
    })
    expect(found(root)).toEqual([
      "engine/a.ts:2 engine-imports-harness-or-modules import '../harness/run/trace.js'",
      "engine/b.ts:3 engine-imports-harness-or-modules import '../modules/sdk/index.js'",
      "engine/c.ts:2 engine-imports-harness-or-modules import '../harness/x.js'",
      "engine/host/d.ts:1 engine-imports-harness-or-modules import '../../modules/sdk/bytes.js'",
      "harness/cjs.ts:1 harness-imports-module-code import '../modules/sdk/index.js'",
      "harness/h.ts:1 harness-imports-module-code import '../modules/sdk/cow/order-uid.js'",
      "modules/m/index.ts:1 modules-import-engine-beyond-module-api import '../../engine/run-engine.js'",
      "modules/m/types.ts:1 modules-import-engine-beyond-module-api import '../../engine/config/types.js'",
    ])
  })

  it('keeps test support out of module code, and lets only the SDK testing entry reach the virtual clock', () => {
    const root = tree({
      'modules/m/index.ts': `import { MockHost } from '../sdk/testing/index.js'\n`,
      'modules/m/strategy.ts': `\nimport { fixture } from './test-fixtures.js'\n`,
      'modules/m/entry.ts': `export * from '../sdk/testing'\n`,
      'modules/sdk/cow/x.ts': `import { VirtualClock } from '../../../engine/clock/virtual-clock.js'\n`,
      // Allowed: tests and test support import it; the testing entry uses the engine's clock.
      'modules/m/index.test.ts': `import { MockHost } from '../sdk/testing/index.js'\n`,
      'modules/m/test-fixtures.ts': `import { logEvent } from '../sdk/testing/index.js'\n`,
      'modules/sdk/testing/mock-host.ts': `import { VirtualClock } from '../../../engine/clock/virtual-clock.js'\n`,
      'modules/sdk/testing/bad.ts': `import { runEngine } from '../../../engine/run-engine.js'\n`,
    })
    expect(found(root)).toEqual([
      "modules/m/entry.ts:1 module-code-imports-test-support import '../sdk/testing'",
      "modules/m/index.ts:1 module-code-imports-test-support import '../sdk/testing/index.js'",
      "modules/m/strategy.ts:2 module-code-imports-test-support import './test-fixtures.js'",
      "modules/sdk/cow/x.ts:1 modules-import-engine-beyond-module-api import '../../../engine/clock/virtual-clock.js'",
      "modules/sdk/testing/bad.ts:1 modules-import-engine-beyond-module-api import '../../../engine/run-engine.js'",
    ])
  })

  it('reports every read of the wall clock, timers and randomness outside engine/live', () => {
    const root = tree({
      'engine/clock.ts': [
        'export const a = Date.now()',
        'export const b = new Date()',
        'export const c = Math.random()',
        'setTimeout(() => {}, 1)',
        'export const d = setInterval',
        'export const e = performance.now()',
        'export const f = process.hrtime.bigint()',
        'export const g = globalThis.Date.now()',
        "export const h = Math['random']()",
        'export const i = Date()',
      ].join('\n'),
      'modules/m/sleep.ts': `import { setTimeout as sleep } from 'node:timers/promises'\nexport const s = sleep\n`,
      // Allowed: engine/live, tests, a date from a number, names that only look alike.
      'engine/live/system.ts': 'export const now = () => Date.now()\nsetTimeout(() => {}, 1)\n',
      'engine/x.test.ts': 'await new Promise((r) => setTimeout(r, 1))\n',
      'engine/pure.ts': [
        'export const day = new Date(86_400_000).toISOString()',
        'export const clock = { now: () => 0, setTimeout: 1 }',
        'export const n = clock.now() + clock.setTimeout',
        'export interface T { setInterval(): void }',
      ].join('\n'),
    })
    const rule: RuleName = 'nondeterminism-outside-engine-live'
    expect(found(root)).toEqual([
      `engine/clock.ts:1 ${rule} Date.now`,
      `engine/clock.ts:2 ${rule} new Date()`,
      `engine/clock.ts:3 ${rule} Math.random`,
      `engine/clock.ts:4 ${rule} setTimeout`,
      `engine/clock.ts:5 ${rule} setInterval`,
      `engine/clock.ts:6 ${rule} performance.now`,
      `engine/clock.ts:7 ${rule} process.hrtime`,
      `engine/clock.ts:8 ${rule} Date.now`,
      `engine/clock.ts:9 ${rule} Math.random`,
      `engine/clock.ts:10 ${rule} Date()`,
      `modules/m/sleep.ts:1 ${rule} import 'node:timers/promises'`,
    ])
  })

  it('reports error classes of engine/ and harness/ that skip the one error base', () => {
    const root = tree({
      'engine/errors/base-error.ts': 'export class BaseError extends Error {}\n',
      'engine/a.ts': `import { BaseError } from './errors/base-error.js'\nexport class Good extends BaseError {}\n\nexport class Bad extends Error {}\n`,
      'harness/b.ts': 'export const make = () => class extends RangeError {}\n',
      'harness/c.ts': 'class Shape {}\nexport class Square extends Shape {}\n',
      // Allowed: modules see only the module ABI; tests may define what they like.
      'modules/m/index.ts': 'export class ModuleError extends Error {}\n',
      'harness/d.test.ts': 'class Local extends Error {}\n',
    })
    const rule: RuleName = 'error-class-not-on-base'
    expect(found(root)).toEqual([
      `engine/a.ts:4 ${rule} class Bad extends Error`,
      `harness/b.ts:1 ${rule} class (anonymous) extends RangeError`,
    ])
  })

  it('formats a violation as file:line: rule: what was found (what the rule says)', () => {
    const root = tree({ 'engine/a.ts': `\nexport const t = Date.now()\n` })
    const [v] = checkArchitecture(root)
    expect(formatViolation(v!)).toBe(
      'engine/a.ts:2: nondeterminism-outside-engine-live: Date.now (engine/ and modules/ read no wall clock, timer or randomness; only engine/live may, the rest is injected)',
    )
  })
})
