// `npm run build:validators`: regenerates the judge's standalone validators (decision 0236) after
// policies/policy.schema.json, the orderbook OpenAPI copy or Ajv changed; commit the result.
import { mkdirSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { projectPath } from '../../engine/project/package-root.js'
import { GENERATED_VALIDATORS_DIR, generatedValidatorFiles } from './standalone-validators.js'

const files = generatedValidatorFiles()
mkdirSync(GENERATED_VALIDATORS_DIR, { recursive: true })
for (const file of files) writeFileSync(file.path, file.text)
process.stdout.write(`wrote ${files.map((f) => relative(projectPath(), f.path)).join(', ')}\n`)
