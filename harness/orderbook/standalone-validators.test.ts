// The committed standalone validators (decision 0236) are what `npm run build:validators` makes of
// today's policy schema, orderbook OpenAPI copy and Ajv, and they load as plain ES modules.
import { existsSync, readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectPath } from '../../engine/project/package-root.js'
import { createRequire } from 'node:module'
import {
  ajvInlinedHelper,
  BUILD_VALIDATORS_COMMAND,
  esmRuntimeRequires,
  generatedValidatorFiles,
} from './standalone-validators.js'

describe('the generated validators', () => {
  const files = generatedValidatorFiles()

  it('are current: a rebuild in memory gives the committed files', () => {
    const stale = files
      .filter((f) => !existsSync(f.path) || readFileSync(f.path, 'utf8') !== f.text)
      .map((f) => relative(projectPath(), f.path))
    expect(
      stale,
      `stale: the policy schema, the orderbook OpenAPI copy or Ajv changed; run \`${BUILD_VALIDATORS_COMMAND}\` and commit the result`,
    ).toEqual([])
  }, 60_000)

  it('import nothing of Ajv but its runtime helpers, through their own require', () => {
    const modules = files.filter((f) => f.path.endsWith('.js'))
    expect(modules).toHaveLength(2)
    for (const { text } of modules) {
      expect(text.match(/^import .*$/gm) ?? []).toEqual(
        text.includes('requireAjvRuntime') ? ['import { createRequire } from "node:module";'] : [],
      )
      expect(text.match(/(?<![A-Za-z_])require\(/g)).toBeNull()
      for (const [, specifier] of text.matchAll(/requireAjvRuntime\("([^"]+)"\)/g))
        expect(specifier).toMatch(/^ajv\/dist\/runtime\//)
    }
  })

  it('require nothing when imported: the policy validator carries ucs2length inline (decision 0245)', () => {
    for (const { path, text } of files.filter((f) => f.path.endsWith('.js'))) {
      expect(text, path).not.toContain('requireAjvRuntime')
      expect(text.match(/^import /gm), path).toBeNull()
    }
    const policy = files.find((f) => f.path.endsWith('policy-schema-validator.js'))!.text
    expect(policy).toContain(`const ajvRuntime_ucs2length = ${ajvInlinedHelper('ucs2length').source};`)
    expect(policy).toContain('const func0 = ajvRuntime_ucs2length;')
  })
})

describe('esmRuntimeRequires', () => {
  const none = () => undefined

  it("gives Ajv's runtime helpers a require of the module's own, after the strict directive", () => {
    const code =
      '"use strict";\nconst func0 = require("ajv/dist/runtime/ucs2length").default;\nconst f = require("ajv/dist/runtime/equal").default;'
    expect(esmRuntimeRequires(code, none)).toBe(
      [
        '"use strict";',
        'import { createRequire } from "node:module";',
        'const requireAjvRuntime = createRequire(import.meta.url);',
        'const func0 = requireAjvRuntime("ajv/dist/runtime/ucs2length").default;',
        'const f = requireAjvRuntime("ajv/dist/runtime/equal").default;',
      ].join('\n'),
    )
  })

  it('carries an inlinable helper inline, with its origin line, and requires the others', () => {
    const code =
      '"use strict";\nconst func0 = require("ajv/dist/runtime/ucs2length").default;\nconst f = require("ajv/dist/runtime/equal").default;'
    const inlined = (name: string) =>
      name === 'ucs2length'
        ? { source: 'function ucs2length(str) {\n    return 1;\n}', origin: '// from Ajv' }
        : undefined
    expect(esmRuntimeRequires(code, inlined)).toBe(
      [
        '"use strict";',
        'import { createRequire } from "node:module";',
        'const requireAjvRuntime = createRequire(import.meta.url);',
        '// from Ajv',
        'const ajvRuntime_ucs2length = function ucs2length(str) {\n    return 1;\n};',
        'const func0 = ajvRuntime_ucs2length;',
        'const f = requireAjvRuntime("ajv/dist/runtime/equal").default;',
      ].join('\n'),
    )
  })

  it("inlines ucs2length as Ajv ships it, and it counts code points as Ajv's does", () => {
    const helper = ajvInlinedHelper('ucs2length')
    const requireHere = createRequire(import.meta.url)
    const shipped = readFileSync(requireHere.resolve('ajv/dist/runtime/ucs2length'), 'utf8')
    expect(shipped).toContain(helper.source)
    expect(helper.origin).toMatch(
      /^\/\/ Ajv \d+\.\d+\.\d+'s ajv\/dist\/runtime\/ucs2length\.js, verbatim\. The MIT License \(MIT\), Copyright \(c\) .+\.$/,
    )
    const inline = new Function(`return ${helper.source}`)() as (s: string) => number
    expect(['', 'abc', '\u{1F600}x', '\ud800', '\ud800\ud800\udc00'].map(inline)).toEqual([0, 3, 2, 1, 2])
  })

  it('leaves code without require alone', () => {
    expect(esmRuntimeRequires('"use strict";\nexport const validate = validate10;')).toBe(
      '"use strict";\nexport const validate = validate10;',
    )
  })

  it('refuses a require of anything but an Ajv runtime helper, naming it', () => {
    expect(() => esmRuntimeRequires('const f = require("ajv-formats/dist/formats").fullFormats;', none)).toThrow(
      "Ajv's standalone code requires ajv-formats/dist/formats, which is not one of Ajv's runtime helpers",
    )
  })
})
