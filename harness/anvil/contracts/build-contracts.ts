// `npm run build:contracts`: recompiles fixtures/contracts/*.sol into the committed artifacts file.
import { writeFileSync } from 'node:fs'
import { ARTIFACTS_FILE, CONTRACT_SOURCES_DIR } from './artifacts.js'
import { artifactsText, compileContracts } from './compile-contracts.js'

const artifacts = compileContracts(CONTRACT_SOURCES_DIR)
writeFileSync(ARTIFACTS_FILE, artifactsText(artifacts))
process.stdout.write(
  `wrote ${Object.keys(artifacts.contracts).length} contracts (${artifacts.compiler}) to ${ARTIFACTS_FILE}\n`,
)
