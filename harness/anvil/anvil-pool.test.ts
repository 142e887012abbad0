import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createAnvilPool } from './anvil-pool.js'
import { nodeRpc } from './node-rpc.js'

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('the anvil pool', () => {
  it('boots a fresh chain per lease from a genesis at the scenario head, and release leaves nothing', async () => {
    const pool = createAnvilPool(1)
    try {
      const genesis = {
        config: { chainId: 100 },
        number: '0x6acfc0',
        timestamp: '0x684ee180',
        gasLimit: '0x1c9c380',
        baseFeePerGas: '0x1',
        difficulty: '0x0',
        alloc: {},
      }
      const lease = await pool.lease({ chainId: 100, genesis })
      const node = nodeRpc(lease.anvil.url)
      expect(await node.call('eth_chainId')).toBe('0x64')
      const head = await node.call<{ number: string; timestamp: string }>('eth_getBlockByNumber', ['latest', false])
      expect([Number(head.number), Number(head.timestamp)]).toEqual([7_000_000, 1_750_000_000])
      await node.call('evm_setNextBlockTimestamp', [1_750_000_012])
      await node.call('evm_mine')
      const { pid, cachePath } = lease.anvil
      await lease.release()
      expect(isRunning(pid)).toBe(false)
      expect(existsSync(cachePath)).toBe(false)
      // The same slot, a new chain.
      const again = await pool.lease({ chainId: 11155111 })
      expect(await nodeRpc(again.anvil.url).call('eth_chainId')).toBe('0xaa36a7')
      expect(await nodeRpc(again.anvil.url).call('eth_blockNumber')).toBe('0x0')
      await again.release()
    } finally {
      await pool.close()
    }
  })

  it('hands out at most `limit` leases at once, the next waits for a release', async () => {
    const pool = createAnvilPool(1)
    try {
      const first = await pool.lease({})
      let granted = false
      const second = pool.lease({}).then((lease) => {
        granted = true
        return lease
      })
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(granted).toBe(false)
      await first.release()
      const lease = await second
      expect(granted).toBe(true)
      await lease.release()
    } finally {
      await pool.close()
    }
  })

  it('close stops running nodes and refuses new leases', async () => {
    const pool = createAnvilPool(2)
    const lease = await pool.lease({})
    await pool.close()
    expect(isRunning(lease.anvil.pid)).toBe(false)
    await expect(pool.lease({})).rejects.toThrow(/closed/)
  })
})
