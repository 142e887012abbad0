// Realistic bugs, re-injected one at a time into a scratch copy of the repository: each must make
// at least one library scenario fail (issue 8, "Checked by"). A mutant is an exact text
// replacement that must apply exactly once, so a refactor that moves the code makes the runner
// say so instead of silently testing nothing.

export interface Mutant {
  id: string
  /** What the bug is, as the issue names it. */
  bug: string
  file: string
  find: string
  replace: string
}

export const MUTANTS: readonly Mutant[] = [
  {
    id: 'sdk-uid-wrong-chain-id',
    bug: 'SDK UID domain with the wrong chain id',
    file: 'modules/sdk/cow/order-uid.ts',
    find: "return { name: 'Gnosis Protocol', version: 'v2', chainId, verifyingContract: GPV2_SETTLEMENT } as const",
    replace:
      "return { name: 'Gnosis Protocol', version: 'v2', chainId: chainId + 1, verifyingContract: GPV2_SETTLEMENT } as const",
  },
  {
    id: 'sigterm-drains-queued-blocks',
    bug: 'SIGTERM draining queued blocks first',
    file: 'engine/event-loop.ts',
    find: "if (shutdown.aborted) return { reason: 'signal', signal: String(shutdown.reason ?? 'SIGTERM') }",
    replace:
      "if (shutdown.aborted && !blocks.hasItem()) return { reason: 'signal', signal: String(shutdown.reason ?? 'SIGTERM') }",
  },
  {
    id: 'logs-before-queued-blocks',
    bug: 'logs dispatched before queued blocks',
    file: 'engine/event-loop.ts',
    find: 'const block = blocks.take()',
    replace: 'const block = logs.hasItem() ? undefined : blocks.take()',
  },
  {
    id: 'no-init-deadline',
    bug: 'no deadline on `init`',
    file: 'engine/supervisor/supervisor.ts',
    find: 'const outcome = await runner.init(initConfig, config.limits.dispatchDeadlineMs)',
    replace: 'const outcome = await runner.init(initConfig, 2 ** 40)',
  },
  {
    id: 'state-dir-ignored',
    bug: '`state_dir` ignored by the live store',
    file: 'engine/live/open-local-store.ts',
    find: 'return stateDir === null ? new MemoryStore() : openSqliteStore(stateDir)',
    replace: 'return stateDir === null ? new MemoryStore() : new MemoryStore()',
  },
  {
    id: 'trapped-host-not-revoked',
    bug: "a trapped module's host not revoked",
    file: 'engine/supervisor/supervisor.ts',
    find: 'm.alive = false\n        m.revokeHost()',
    replace: 'm.alive = false',
  },
]
