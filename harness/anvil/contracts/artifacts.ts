// The committed bytecode of the fixture contracts (built by `npm run build:contracts`, checked
// against a rebuild by artifacts.test.ts). Read at run time; solc is never loaded by a run.
import { readFileSync } from 'node:fs'
import type { ContractArtifact, ContractArtifacts } from './compile-contracts.js'
import { projectPath } from '../../../engine/project/package-root.js'

export const CONTRACT_SOURCES_DIR = projectPath('fixtures', 'contracts')
export const ARTIFACTS_FILE = projectPath('fixtures', 'contracts', 'artifacts.json')

export type FixtureContractName =
  | 'ChainlinkAggregator'
  | 'CoWSwapEthFlow'
  | 'ComposableCoW'
  | 'ERC20'
  | 'Emitter'
  | 'GPv2Settlement'

let loaded: ContractArtifacts | undefined

export function fixtureContract(name: FixtureContractName): ContractArtifact {
  loaded ??= JSON.parse(readFileSync(ARTIFACTS_FILE, 'utf8')) as ContractArtifacts
  const artifact = loaded.contracts[name]
  if (!artifact) throw new Error(`${ARTIFACTS_FILE} has no contract ${name}; run npm run build:contracts`)
  return artifact
}
