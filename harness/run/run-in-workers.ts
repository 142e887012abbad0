// `--workers N`: the scenario files split across N child processes of `nexum-sim run`, each
// running its share one at a time (MSW patches process-wide globals, so one process runs one
// scenario at a time, decision 0161), each with its own anvil pool. Results come back through
// the JSON reporter and are returned in file order, as a single process would give them.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { ScenarioResult } from '../report/scenario-result.js'
import type { RunMode } from './run-scenarios.js'
import { projectPath } from '../../engine/project/package-root.js'
import { BaseError } from '../../engine/errors/base-error.js'

const BIN = projectPath('bin', 'nexum-sim.mjs')

export interface WorkerRunOptions {
  files: string[]
  workers: number
  mode: RunMode
  seed?: number | undefined
  out?: string | undefined
  fork?: string | undefined
  /** `--policy`: the policy file every scenario runs under. */
  policy?: string | undefined
  env?: Readonly<Record<string, string | undefined>> | undefined
}

export class WorkerRunError extends BaseError {
  override readonly name = 'WorkerRunError'
}

/** Round-robin shards: neighbouring files (often alike in cost) go to different workers. */
export function shard<T>(items: readonly T[], count: number): T[][] {
  const shards: T[][] = Array.from({ length: Math.max(1, Math.min(count, items.length)) }, () => [])
  for (const [i, item] of items.entries()) shards[i % shards.length]!.push(item)
  return shards
}

export async function runInWorkers(options: WorkerRunOptions): Promise<ScenarioResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'nexum-workers-'))
  try {
    const shards = shard(options.files, options.workers)
    const parts = await Promise.all(shards.map((files, i) => runWorker(files, join(dir, `worker-${i}.json`), options)))
    const byFile = new Map<string, ScenarioResult[]>()
    for (const result of parts.flat()) {
      const key = resolve(result.file)
      byFile.set(key, [...(byFile.get(key) ?? []), result])
    }
    return options.files.flatMap((file) => byFile.get(resolve(file)) ?? [])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function runWorker(files: string[], output: string, options: WorkerRunOptions): Promise<ScenarioResult[]> {
  // Each child runs its share one file at a time (`--threads 1`): the processes are the split.
  const args = [
    BIN,
    'run',
    ...files,
    '--mode',
    options.mode,
    '--reporter',
    'json',
    '--output',
    output,
    '--threads',
    '1',
  ]
  if (options.seed !== undefined) args.push('--seed', String(options.seed))
  if (options.out !== undefined) args.push('--out', options.out)
  if (options.fork !== undefined) args.push('--fork', options.fork)
  if (options.policy !== undefined) args.push('--policy', options.policy)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...options.env } })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  // 0: all passed, 1: some failed; both wrote the report. Anything else is the worker's own failure.
  if (code !== 0 && code !== 1)
    throw new WorkerRunError(`a worker (${files.length} scenario files) exited ${code}:\n${stderr.trim()}`)
  const report = JSON.parse(await readFile(output, 'utf8')) as { scenarios: ScenarioResult[] }
  return report.scenarios
}
