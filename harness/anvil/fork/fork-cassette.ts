// A fork cassette: the JSON-RPC answers an anvil asked its fork upstream for (chain id, block
// headers, code, balances, nonces, storage slots), so the same fork replays with no network:
// served by cassette-upstream.ts as anvil's `--fork-url` (with `--no-storage-caching`, so anvil
// never answers from its own disk cache instead). Keyed by method and exact params.
import { readFile, writeFile } from 'node:fs/promises'

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

export class ForkCassetteError extends Error {
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

export async function saveForkCassette(file: string, cassette: ForkCassette): Promise<void> {
  await writeFile(file, `${JSON.stringify(cassette, null, 1)}\n`)
}
