// Forks, offline: anvil forks a local anvil chain through a recording upstream; the recorded
// answers (a fork cassette) then serve the same fork with the upstream stopped, and the forked
// chain answers the same. And the live Sepolia fork, when SEPOLIA_RPC_URL is given.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { CHAINLINK_AGGREGATOR_ABI } from '../modules/sdk/chain/chainlink.js'
import { ContractPlanter } from '../harness/anvil/contracts/plant-contracts.js'
import { startCassetteUpstream } from '../harness/anvil/fork/cassette-upstream.js'
import { loadForkCassette, saveForkCassette } from '../harness/anvil/fork/fork-cassette.js'
import { startRecordingUpstream } from '../harness/anvil/fork/recording-upstream.js'
import { nodeRpc } from '../harness/anvil/node-rpc.js'
import { startAnvil } from '../harness/anvil/start-anvil.js'
import { runScenario } from '../harness/run/run-scenario.js'
import { MODULES_DIR } from '../harness/run/run-scenarios.js'
import { loadScenarioFile } from '../harness/scenario/load-scenario.js'
import { scanModules } from '../harness/scenario/module-index.js'

const FEED: Hex = '0x694aa1769357215de4fac081bf1f309adc325306'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function forkArgs(url: string, block: number): string[] {
  return ['--fork-url', url, '--fork-block-number', String(block), '--no-storage-caching', '--accounts', '1']
}

async function latestAnswer(url: string): Promise<bigint> {
  const data = await nodeRpc(url).call<Hex>('eth_call', [
    { to: FEED, data: encodeFunctionData({ abi: CHAINLINK_AGGREGATOR_ABI, functionName: 'latestRoundData' }) },
    'latest',
  ])
  return decodeFunctionResult({ abi: CHAINLINK_AGGREGATOR_ABI, functionName: 'latestRoundData', data })[1]
}

describe('fork cassettes', () => {
  it('record a fork of a local chain, then replay it with the upstream stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nexum-fork-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'fork.json')

    const upstream = await startAnvil({ chainId: 11155111, timestamp: 1_750_000_000 })
    cleanups.push(() => upstream.stop())
    const origin = nodeRpc(upstream.url)
    await new ContractPlanter(origin).plant(
      FEED,
      { kind: 'chainlink-aggregator', decimals: 8, answer: 174_553_978_080n, description: 'ETH / USD', roundId: 9n },
      1_750_000_000,
    )
    for (let i = 0; i < 3; i++) await origin.call('evm_mine')
    const forkBlock = 3
    const header = await origin.call<{ hash: Hex }>('eth_getBlockByNumber', ['0x3', false])

    const recorder = await startRecordingUpstream(upstream.url)
    const recorded = await startAnvil({ args: forkArgs(recorder.url, forkBlock) })
    expect(await latestAnswer(recorded.url)).toBe(174_553_978_080n)
    // The cassette holds what the session asked for: the replay may ask exactly that again.
    expect((await nodeRpc(recorded.url).call<{ hash: Hex }>('eth_getBlockByNumber', ['0x3', false])).hash).toBe(
      header.hash,
    )
    await nodeRpc(recorded.url).call('evm_mine')
    await recorded.stop()
    await saveForkCassette(file, recorder.cassette(11155111, forkBlock))
    await recorder.close()
    await upstream.stop()

    const cassette = await loadForkCassette(file)
    expect(cassette.answers.map((a) => a.method)).toEqual(
      expect.arrayContaining(['eth_getBlockByNumber', 'eth_getCode']),
    )
    const replay = await startCassetteUpstream(cassette)
    cleanups.push(() => replay.close())
    const replayed = await startAnvil({ args: forkArgs(replay.url, forkBlock) })
    cleanups.push(() => replayed.stop())
    const forked = nodeRpc(replayed.url)
    expect(await forked.call('eth_chainId')).toBe('0xaa36a7')
    expect((await forked.call<{ hash: Hex }>('eth_getBlockByNumber', ['0x3', false])).hash).toBe(header.hash)
    expect(await latestAnswer(replayed.url)).toBe(174_553_978_080n)
    // The replayed fork mines on top of the recorded block like any fork.
    await forked.call('evm_mine')
    expect(await forked.call('eth_blockNumber')).toBe('0x4')
  })

  it('a scenario runs on a recorded fork, then on its cassette with the upstream stopped, deciding the same', async () => {
    const upstream = await startAnvil({ chainId: 11155111, timestamp: 1_750_000_000 })
    cleanups.push(() => upstream.stop())
    for (let i = 0; i < 5; i++) await nodeRpc(upstream.url).call('evm_mine')
    const scenario = await loadScenarioFile('scenarios/m3/price-alert-above-every-n-blocks.yaml', {
      modulesDir: MODULES_DIR,
      moduleIndex: await scanModules(MODULES_DIR),
    })
    const recorder = await startRecordingUpstream(upstream.url)
    cleanups.push(() => recorder.close())
    const live = await runScenario(scenario, {
      mode: 'anvil',
      fork: { kind: 'live', chainId: 11155111, block: 5, url: recorder.url, urlVariable: 'SEPOLIA_RPC_URL' },
    })
    expect(live.failures).toEqual([])
    const cassette = recorder.cassette(11155111, 5)
    await recorder.close()
    await upstream.stop()
    const replayed = await runScenario(scenario, {
      mode: 'anvil',
      fork: { kind: 'cassette', chainId: 11155111, block: 5, cassette, file: '(recorded)' },
    })
    expect(replayed.failures).toEqual([])
    expect(replayed.decisionLines).toEqual(live.decisionLines)
    // On the fork, the first block the script announces is the one after the fork block.
    expect(replayed.decisionLines?.[0]).toContain('"number":6')
  })

  it('a cassette that lacks an answer says which request', async () => {
    const replay = await startCassetteUpstream({ version: 1, chainId: 1, forkBlock: 1, answers: [] })
    cleanups.push(() => replay.close())
    await expect(nodeRpc(replay.url).call('eth_getCode', ['0x01', '0x1'])).rejects.toThrow(
      /not in the fork cassette: eth_getCode/,
    )
    expect(replay.misses()).toEqual(['eth_getCode ["0x01","0x1"]'])
  })

  const sepolia = process.env.SEPOLIA_RPC_URL
  it.skipIf(!sepolia)('forks live Sepolia (SEPOLIA_RPC_URL) and reads the ETH/USD feed', async () => {
    const live = nodeRpc(sepolia!)
    const head = Number(await live.call<Hex>('eth_blockNumber')) - 10
    const forked = await startAnvil({ args: forkArgs(sepolia!, head) })
    cleanups.push(() => forked.stop())
    expect(await nodeRpc(forked.url).call('eth_chainId')).toBe('0xaa36a7')
    expect(await latestAnswer(forked.url)).toBeGreaterThan(0n)
  })
  if (!sepolia) console.info('fork-cassette.test.ts: live Sepolia fork skipped: set SEPOLIA_RPC_URL to run it')
})
