// `nexum-sim record --config engine.toml [--blocks N] --out DIR`: the real engine against the
// chains and orderbook of the config (a live endpoint, or an Anvil node), its RPC, blocks, logs
// and orderbook exchanges written as they happen to DIR/recording.cassette.jsonl, and
// DIR/recording.yaml, a scenario that replays them offline expecting what happened.
// The store is in memory (the replay starts fresh too); the operator's state_dir is not touched.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { ConfigError } from '../../engine/config/config-error.js'
import { loadEngineConfigFile } from '../../engine/config/load-engine-config.js'
import { resolveModules } from '../../engine/config/resolve-modules.js'
import type { EngineConfig } from '../../engine/config/types.js'
import { capturedFetch } from '../../engine/live/journal/captured-fetch.js'
import { observedSources } from '../../engine/live/journal/observed-sources.js'
import { createLiveWorld, type LiveWorld } from '../../engine/live/live-world.js'
import { orderbookRoute } from '../../engine/host/orderbook-base-url.js'
import { teeTelemetry } from '../../engine/observe/telemetry.js'
import { runEngine } from '../../engine/run-engine.js'
import type { EngineWorld } from '../../engine/world.js'
import { CassetteWriter } from '../cassette/cassette-writer.js'
import type { CliIo } from '../cli/cli-io.js'
import { limitedSources } from './limited-sources.js'
import { renderRecordedScenario } from './record-scenario.js'
import { Recorder } from './recorder.js'

export interface RecordArgs {
  config: string
  blocks?: number | undefined
  out: string
  cwd: string
  env: Readonly<Record<string, string | undefined>>
  /** Aborted to stop an open-ended recording (SIGINT/SIGTERM in the CLI). */
  stop?: AbortSignal | undefined
  /** Told once the streams are open (tests start mining then). */
  onReady?: () => void
}

export const RECORDING = 'recording'

/** Only the scheme and host of an endpoint: no credentials, path, query, or (ephemeral) port. */
export function endpointOrigin(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.hostname}`
  } catch {
    return '(unparseable endpoint)'
  }
}

export async function runRecord(args: RecordArgs, io: CliIo): Promise<number> {
  let config: EngineConfig
  try {
    config = await loadEngineConfigFile(resolve(args.cwd, args.config), args.env)
    await resolveModules(config)
  } catch (error) {
    io.err(
      error instanceof ConfigError ? error.message : `Error: ${error instanceof Error ? error.message : String(error)}`,
    )
    return 2
  }
  config = { ...config, stateDir: null }
  const out = resolve(args.cwd, args.out)
  await mkdir(out, { recursive: true })
  const cassetteFile = join(out, `${RECORDING}.cassette.jsonl`)
  const writer = CassetteWriter.open(cassetteFile, {
    source:
      config.chains
        .map((c) => endpointOrigin(c.rpcUrl))
        .filter(Boolean)
        .join(' ') || undefined,
    orderbook: true,
  })
  const recorder = new Recorder(writer)
  const shutdown = new AbortController()
  const onStop = () => shutdown.abort('SIGTERM')
  args.stop?.addEventListener('abort', onStop, { once: true })

  let live: LiveWorld | undefined
  try {
    try {
      live = await createLiveWorld(config, { shutdown: shutdown.signal, out: io.err })
    } catch (error) {
      writer.abort()
      io.err(`Error: ${error instanceof Error ? error.message : String(error)}`)
      return 1
    }
    const limited = args.blocks === undefined ? undefined : limitedSources(live.sources, args.blocks)
    const world: EngineWorld = {
      ...live,
      rpc: recorder.transports(live.rpc),
      sources: observedSources(limited ?? live.sources, {
        block: (chain, header) => recorder.header(chain, header),
        log: (chain, log) => recorder.log(chain, log),
      }),
      fetch: capturedFetch(live.fetch, {
        request(request) {
          const routed = orderbookRoute(request.url, config.chains)
          return {
            answered(answer) {
              recorder.orderbook({
                chain: routed.chain,
                request: { method: request.method, path: routed.path, body: request.body ?? null },
                response: { status: answer.status, retryAfter: answer.retryAfter ?? null, body: answer.body },
              })
            },
            failed(error) {
              recorder.orderbook({
                chain: routed.chain,
                request: { method: request.method, path: routed.path, body: request.body ?? null },
                response: null,
                failure: error instanceof Error ? error.message : String(error),
              })
            },
          }
        },
      }),
      telemetry: teeTelemetry(live.telemetry, recorder.telemetry),
    }
    const run = runEngine(config, world)
    // Streams are open once the engine first waits for an event.
    void (async () => {
      while (run.status() !== 'waiting' && run.status() !== 'exited') await tick(10)
      args.onReady?.()
      io.err(
        `recording to ${cassetteFile}${args.blocks !== undefined ? ` (${args.blocks} blocks)` : ' (until SIGINT or SIGTERM)'}`,
      )
    })()
    if (limited) {
      void limited.filled.then(async () => {
        // The last block's dispatch (and any log it brought) has run once the engine is idle.
        for (let quiet = 0; quiet < 5; ) {
          await tick(20)
          quiet = run.status() === 'waiting' ? quiet + 1 : 0
        }
        shutdown.abort('SIGTERM')
      })
    }
    const exit = await run.exit
    recorder.flushAll()
    writer.finish()
    const scenarioFile = join(out, `${RECORDING}.yaml`)
    const modules = await resolveModules(config)
    await writeFile(
      `${scenarioFile}.partial`,
      await renderRecordedScenario({
        config,
        modules,
        run: recorder.run,
        exit,
        dir: out,
        cassetteName: `${RECORDING}.cassette.jsonl`,
      }),
    )
    await rename(`${scenarioFile}.partial`, scenarioFile)
    io.out(`cassette: ${cassetteFile}`)
    io.out(`scenario: ${scenarioFile}`)
    io.out(`blocks: ${recorder.run.blocks.length}, orderbook posts: ${recorder.run.posts.posts}, exit: ${exit.reason}`)
    return exit.reason === 'signal' ? 0 : exit.code === 0 ? 0 : 1
  } catch (error) {
    writer.abort()
    await rm(join(out, `${RECORDING}.yaml.partial`), { force: true })
    throw error
  } finally {
    args.stop?.removeEventListener('abort', onStop)
    await live?.close()
  }
}

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
