// Compiles the fixture contracts (fixtures/contracts/*.sol) with the pinned solc npm package
// (soljson, offline). Pure apart from reading the sources: the same sources give the same bytes,
// which is what the committed artifacts are checked against.
import { BaseError } from '../../../engine/errors/base-error.js'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import solc from 'solc'
import type { Abi } from 'viem'

export interface ContractArtifact {
  abi: Abi
  /** Runtime bytecode, what `anvil_setCode` plants. */
  deployedBytecode: `0x${string}`
}

export interface ContractArtifacts {
  compiler: string
  contracts: Record<string, ContractArtifact>
}

export class ContractCompileError extends BaseError {
  override readonly name = 'ContractCompileError'
}

/** No metadata hash: the bytes depend on the code only, not on file paths or comments. */
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'none', appendCBOR: false },
  outputSelection: { '*': { '*': ['abi', 'evm.deployedBytecode.object'] } },
} as const

export function compileContracts(sourceDir: string): ContractArtifacts {
  const sources: Record<string, { content: string }> = {}
  for (const file of readdirSync(sourceDir)
    .filter((f) => f.endsWith('.sol'))
    .sort())
    sources[file] = { content: readFileSync(join(sourceDir, file), 'utf8') }
  const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS }))) as {
    errors?: { severity: string; formattedMessage: string }[]
    contracts?: Record<string, Record<string, { abi: Abi; evm: { deployedBytecode: { object: string } } }>>
  }
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length)
    throw new ContractCompileError(
      `solc ${solc.version()} refused ${sourceDir}:\n${errors.map((e) => e.formattedMessage).join('\n')}`,
    )
  const contracts: Record<string, ContractArtifact> = {}
  for (const file of Object.keys(output.contracts ?? {}).sort())
    for (const [name, compiled] of Object.entries(output.contracts![file]!).sort(([a], [b]) => a.localeCompare(b))) {
      const code = compiled.evm.deployedBytecode.object
      // Abstract contracts and libraries (no functions) are not planted anywhere.
      if (code === '' || compiled.abi.length === 0) continue
      contracts[name] = { abi: compiled.abi, deployedBytecode: `0x${code}` }
    }
  return { compiler: solc.version(), contracts }
}

/** The artifacts file's text: stable key order, one trailing newline. */
export function artifactsText(artifacts: ContractArtifacts): string {
  return `${JSON.stringify(artifacts, null, 2)}\n`
}
