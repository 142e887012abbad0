import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { anvilArgs, parseListeningPort, startAnvil } from './start-anvil.js'

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: unknown }
  if (body.error) throw new Error(JSON.stringify(body.error))
  return body.result
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('anvilArgs', () => {
  it('binds 127.0.0.1 on a free port, confines state to the cache path, and appends options', () => {
    const args = anvilArgs(
      { chainId: 11155111, timestamp: 1_700_000_000, blockTime: 2, args: ['--accounts', '0'] },
      '/tmp/x',
    )
    expect(args.join(' ')).toBe(
      '--host 127.0.0.1 --port 0 --cache-path /tmp/x --max-persisted-states 0 --chain-id 11155111 --timestamp 1700000000 --block-time 2 --accounts 0',
    )
  })
})

describe('parseListeningPort', () => {
  it('reads the port from the Listening line, and nothing before it is printed', () => {
    expect(parseListeningPort('banner\n')).toBeUndefined()
    expect(parseListeningPort('banner\nListening on 127.0.0.1:41234\n')).toBe(41234)
  })
})

describe('startAnvil', () => {
  it('starts, answers eth_chainId, and stop leaves no process and no temp folder', async () => {
    const anvil = await startAnvil({ chainId: 11155111 })
    try {
      expect(anvil.url).toBe(`http://127.0.0.1:${anvil.port}`)
      expect(anvil.wsUrl).toBe(`ws://127.0.0.1:${anvil.port}`)
      expect(await rpc(anvil.url, 'eth_chainId')).toBe('0xaa36a7')
      expect(existsSync(anvil.cachePath)).toBe(true)
      expect(isRunning(anvil.pid)).toBe(true)
    } finally {
      await anvil.stop()
    }
    expect(isRunning(anvil.pid)).toBe(false)
    expect(existsSync(anvil.cachePath)).toBe(false)
    expect(await anvil.exited).toEqual({ code: expect.anything(), signal: null })
  })

  it('pins the genesis timestamp', async () => {
    const anvil = await startAnvil({ timestamp: 1_700_000_000 })
    try {
      const block = (await rpc(anvil.url, 'eth_getBlockByNumber', ['0x0', false])) as { timestamp: string }
      expect(Number(block.timestamp)).toBe(1_700_000_000)
    } finally {
      await anvil.stop()
    }
  })

  it('still removes the temp folder after anvil was killed from outside', async () => {
    const anvil = await startAnvil()
    process.kill(anvil.pid, 'SIGKILL')
    expect((await anvil.exited).signal).toBe('SIGKILL')
    await anvil.stop()
    expect(existsSync(anvil.cachePath)).toBe(false)
  })

  it('rejects and cleans up when anvil refuses its arguments', async () => {
    await expect(startAnvil({ args: ['--no-such-flag'] })).rejects.toThrow(/anvil exited before listening/)
  })
})
