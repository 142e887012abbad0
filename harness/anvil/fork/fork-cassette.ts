// A fork cassette: the JSON-RPC answers an anvil asked its fork upstream for (chain id, block
// headers, code, balances, nonces, storage slots), so the same fork replays with no network:
// served by cassette-upstream.ts as anvil's `--fork-url` (with `--no-storage-caching`, so anvil
// never answers from its own disk cache instead). Keyed by method and exact params.
import { rmSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { onTerminatingSignal } from '../../cli/on-terminating-signal.js'
import { BaseError } from '../../../engine/errors/base-error.js'

export interface ForkAnswer {
  method: string
  params: unknown[]
  result?: unknown
  error?: { code: number; message: string; data?: unknown } | undefined
}

export interface ForkCassette {
  version: 1
  chainId: number
  /** The block the fork was taken at. */
  forkBlock: number
  answers: ForkAnswer[]
}

export class ForkCassetteError extends BaseError {
  override readonly name = 'ForkCassetteError'
}

export function answerKey(method: string, params: unknown): string {
  return `${method} ${JSON.stringify(params ?? [])}`
}

export async function loadForkCassette(file: string): Promise<ForkCassette> {
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new ForkCassetteError(`${file}: not a readable JSON fork cassette (${(error as Error).message})`)
  }
  const c = value as Partial<ForkCassette>
  if (c?.version !== 1) throw new ForkCassetteError(`${file}: version: expected 1, found ${JSON.stringify(c?.version)}`)
  if (!Number.isSafeInteger(c.chainId)) throw new ForkCassetteError(`${file}: chainId: expected a whole number`)
  if (!Number.isSafeInteger(c.forkBlock)) throw new ForkCassetteError(`${file}: forkBlock: expected a whole number`)
  if (!Array.isArray(c.answers)) throw new ForkCassetteError(`${file}: answers: expected a list`)
  c.answers.forEach((a, i) => {
    if (typeof a?.method !== 'string' || !Array.isArray(a.params) || !('result' in a || 'error' in a))
      throw new ForkCassetteError(`${file}: answers[${i}]: expected { method, params, result | error }`)
  })
  return c as ForkCassette
}

/**
 * Writes the cassette whole or not at all: into a temp file beside FILE, then renamed over it
 * (atomic on one file system), so a reader, a failure or a signal never meets half a cassette.
 */
export async function saveForkCassette(file: string, cassette: ForkCassette): Promise<void> {
  const partial = join(dirname(file), `.${basename(file)}.${process.pid}.partial`)
  const removePartial = () => rmSync(partial, { force: true })
  // Whatever ends the process mid-write (an exit, a signal) takes the temp file with it; a
  // signal then ends the process as it would have.
  const stopSignals = onTerminatingSignal(removePartial)
  const stopListening = () => {
    process.off('exit', removePartial)
    stopSignals()
  }
  process.once('exit', removePartial)
  try {
    await writeFile(partial, `${JSON.stringify(cassette, null, 1)}\n`)
    await rename(partial, file)
  } catch (error) {
    removePartial()
    throw error
  } finally {
    stopListening()
  }
}
