// `nexum-sim run --fork sepolia@BLOCK --record-fork FILE`: the run's anvils fork through one
// recording upstream (recording-upstream.ts) in front of the real RPC, and every answer they got
// is saved as a fork cassette once the run is over, whole or not at all (saveForkCassette), so
// `--fork cassette:FILE` replays the same run offline. The RPC URL is shown by origin only
// (decision 0025): provider keys live in its path or query.
import { redactUrl, redactUrls } from '../../../engine/host/redact-url.js'
import { BaseError } from '../../../engine/errors/base-error.js'
import { nodeRpc } from '../node-rpc.js'
import { saveForkCassette } from './fork-cassette.js'
import type { ForkSource } from './fork-source.js'
import { startRecordingUpstream } from './recording-upstream.js'

type LiveFork = Extract<ForkSource, { kind: 'live' }>

export class ForkRecordingError extends BaseError {
  override readonly name = 'ForkRecordingError'
}

export interface ForkRecording {
  /** The fork to run instead: the same chain and block, through the recorder. */
  fork: LiveFork
  /** Writes FILE; returns how many answers it holds and the requests the upstream did not answer. */
  save(): Promise<{ answers: number; failures: string[] }>
  close(): Promise<void>
}

/** One line for the user: what is recorded, through which endpoint (origin only), into which file. */
export function recordingLine(fork: LiveFork, file: string): string {
  return `recording the fork at block ${fork.block} of chain ${fork.chainId} through ${fork.urlVariable} (${redactUrl(fork.url)}) into ${file}`
}

export async function startForkRecording(fork: LiveFork, file: string): Promise<ForkRecording> {
  const origin = redactUrl(fork.url)
  let chainId: number
  try {
    chainId = Number(await nodeRpc(fork.url).call<string>('eth_chainId'))
  } catch (error) {
    throw new ForkRecordingError(`--record-fork: ${fork.urlVariable} (${origin}) did not answer eth_chainId`, {
      details: redactUrls(error instanceof Error ? error.message : String(error)),
      docsPath: 'docs/anvil-mode.md',
    })
  }
  if (chainId !== fork.chainId)
    throw new ForkRecordingError(
      `--record-fork: ${fork.urlVariable} (${origin}) serves chain ${chainId}, expected ${fork.chainId}`,
      { docsPath: 'docs/anvil-mode.md' },
    )
  const recorder = await startRecordingUpstream(fork.url)
  return {
    fork: { ...fork, url: recorder.url },
    async save() {
      const cassette = recorder.cassette(fork.chainId, fork.block)
      await saveForkCassette(file, cassette)
      return { answers: cassette.answers.length, failures: recorder.failures() }
    },
    close: () => recorder.close(),
  }
}
