// `nexum-sim fuzz`: the corpus first, then new cases (split across worker threads), each failure
// written as a regression scenario and added to the corpus, and a coverage table.
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { Worker } from 'node:worker_threads'
import { entryFile } from '../../engine/project/entry-file.js'
import { type CampaignFailure, type CampaignOptions, type CampaignResult, runCampaign } from './campaign.js'
import { addToCorpus, readCorpus } from './corpus.js'
import { addCoverage, type Coverage, emptyCoverage, missing } from './coverage.js'

/** A fuzz worker thread's entry (a tsx bootstrap when running from the sources). */
const CAMPAIGN_WORKER = entryFile('harness/fuzz/campaign-worker', '.mjs')

export interface FuzzOptions {
  runs: number
  seed: number
  path?: string | undefined
  workers: number
  /** Where regression scenarios are written. */
  out: string
  corpus: string
  /** Replay only the corpus. */
  rerun: boolean
  shrinkMs?: number | undefined
  maxSteps?: number | undefined
  minSteps?: number | undefined
  /** `--policy`: the orderbook policy file the engine runs and the model predicts by. */
  policy?: string | undefined
  /** Told, per worker thread, the real ms it took to load its code (the `fuzz` benchmark). */
  onWorkerLoaded?: ((ms: number) => void) | undefined
}

export interface FuzzFailure extends CampaignFailure {
  /** The regression scenario written. */
  file: string
  /** Replays it with no fast-check: `nexum-sim run <file>`. */
  replay: string
  /** Replays the counterexample through the fuzzer. */
  fuzzReplay: string
}

export interface FuzzReport {
  runs: number
  failed: number
  seed: number
  workers: number
  corpusReplayed: number
  coverage: Coverage
  neverReached: string[]
  failures: FuzzFailure[]
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const results: CampaignResult[] = []
  const corpus = o.path === undefined ? await readCorpus(o.corpus) : []
  for (const entry of corpus)
    results.push(await runCampaign({ seed: entry.seed, path: entry.path, runs: 1, shrinkMs: 0, policy: o.policy }))
  if (!o.rerun) {
    if (o.path !== undefined || o.workers <= 1) {
      results.push(
        await runCampaign({
          seed: o.seed,
          runs: o.runs,
          path: o.path,
          shrinkMs: o.shrinkMs,
          maxSteps: o.maxSteps,
          minSteps: o.minSteps,
          policy: o.policy,
        }),
      )
    } else {
      results.push(...(await inWorkers(o)))
    }
  }
  const coverage = emptyCoverage()
  let runs = 0
  const failures: FuzzFailure[] = []
  for (const r of results) {
    addCoverage(coverage, r.coverage)
    runs += r.runs
    if (r.failure) failures.push(await keep(r.failure, o))
  }
  return {
    runs,
    failed: failures.length,
    seed: o.seed,
    workers: o.workers,
    corpusReplayed: corpus.length,
    coverage,
    neverReached: missing(coverage),
    failures,
  }
}

/** Worker k runs seed + k with its share of the runs: each share replays alone from its seed. */
async function inWorkers(o: FuzzOptions): Promise<CampaignResult[]> {
  const shares = Array.from(
    { length: o.workers },
    (_, k) => Math.floor(o.runs / o.workers) + (k < o.runs % o.workers ? 1 : 0),
  )
  return Promise.all(
    shares
      .map(
        (runs, k) =>
          ({
            runs,
            seed: o.seed + k,
            shrinkMs: o.shrinkMs,
            maxSteps: o.maxSteps,
            minSteps: o.minSteps,
            policy: o.policy,
          }) satisfies CampaignOptions,
      )
      .filter((share) => share.runs > 0)
      .map(
        (share) =>
          new Promise<CampaignResult>((resolve, reject) => {
            const madeAt = performance.timeOrigin + performance.now()
            const worker = new Worker(CAMPAIGN_WORKER, { workerData: share })
            let result: CampaignResult | undefined
            worker.once('message', (r: CampaignResult) => {
              result = r
              if (r.loadedAt !== undefined) o.onWorkerLoaded?.(r.loadedAt - madeAt)
            })
            worker.once('error', reject)
            worker.once('exit', (code) =>
              result
                ? resolve(result)
                : reject(new Error(`fuzz worker for seed ${share.seed} exited ${code} without a result`)),
            )
          }),
      ),
  )
}

async function keep(f: CampaignFailure, o: FuzzOptions): Promise<FuzzFailure> {
  const tag = createHash('sha256').update(f.path).digest('hex').slice(0, 8)
  const file = join(o.out, `fuzz-${f.seed}-${tag}.yaml`)
  await mkdir(o.out, { recursive: true })
  await writeFile(file, f.yaml)
  const shown = relative(process.cwd(), file) || file
  await addToCorpus(o.corpus, { seed: f.seed, path: f.path, file: shown })
  return {
    ...f,
    file: shown,
    replay: `nexum-sim run ${shown}`,
    fuzzReplay: `nexum-sim fuzz --seed ${f.seed} --path ${f.path}`,
  }
}
