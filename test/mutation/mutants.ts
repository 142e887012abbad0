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
  {
    id: 'empty-side-ended',
    bug: 'an empty side treated as ended',
    file: 'engine/loop/merged-stream.ts',
    find: 'return !this.empty && this.live === 0 && !this.hasItem()',
    replace: 'return this.live === 0 && !this.hasItem()',
  },
  {
    id: 'stream-end-exits-0',
    bug: 'stream end exiting 0',
    file: 'engine/exit.ts',
    find: "'block-stream-ended': 3,\n  'log-stream-ended': 3,",
    replace: "'block-stream-ended': 0,\n  'log-stream-ended': 0,",
  },
  {
    id: 'orderbook-body-dropped',
    bug: 'the orderbook body dropped before the module sees it',
    file: 'engine/host/cow-api-host.ts',
    find: '    data: answer.body,\n    retryAfterSeconds: retryAfter,',
    replace: "    data: '',\n    retryAfterSeconds: retryAfter,",
  },
  {
    id: 'one-trap-stops-all',
    bug: 'one trap stopping dispatch to every module',
    file: 'engine/supervisor/supervisor.ts',
    find: 'm.alive = false\n        m.revokeHost()\n        void m.runner.stop()',
    replace: 'for (const x of this.modules) x.alive = false\n        m.revokeHost()\n        void m.runner.stop()',
  },
  {
    id: 'no-dispatch-deadline',
    bug: 'no dispatch deadline',
    file: 'engine/supervisor/supervisor.ts',
    find: 'm.runner.onEvent(event, this.config.limits.dispatchDeadlineMs)',
    replace: 'm.runner.onEvent(event, 2 ** 40)',
  },
  {
    id: 'logs-to-every-subscriber',
    bug: 'logs to every log subscriber',
    file: 'engine/supervisor/supervisor.ts',
    find: 'filter: { address: s.address, topic0: s.eventSignature }',
    replace: 'filter: { address: undefined, topic0: undefined }',
  },
  {
    id: 'duplicated-order-backoff',
    bug: 'DuplicatedOrder treated as backoff',
    file: 'policies/default.toml',
    find: 'error_type = ["DuplicatedOrder", "DuplicateOrder"]\naction = "already-submitted"',
    replace: 'error_type = ["DuplicatedOrder", "DuplicateOrder"]\naction = "backoff"\nseconds = 600',
  },
  {
    id: 'backoff-60-not-600',
    bug: 'backoff 60 s instead of 600 s',
    file: 'policies/default.toml',
    find: '[default]\naction = "backoff"\nseconds = 600',
    replace: '[default]\naction = "backoff"\nseconds = 60',
  },
  {
    id: 'blocks-reverse-module-order',
    bug: 'blocks in reverse module order',
    file: 'engine/supervisor/supervisor.ts',
    find: 'const due = this.modules.filter((m) => m.alive && m.blockChains.has(block.chainId))',
    replace: 'const due = this.modules.filter((m) => m.alive && m.blockChains.has(block.chainId)).reverse()',
  },
  {
    id: 'log-only-opens-blocks',
    bug: 'a log-only config opening a block stream',
    file: 'engine/supervisor/supervisor.ts',
    find: "blockChains: new Set(r.subscriptions.flatMap((s) => (s.kind === 'block' ? [s.chainId] : []))),",
    replace: "blockChains: new Set(r.subscriptions.flatMap((s) => (s.kind !== 'cron' ? [s.chainId] : []))),",
  },
  {
    id: 'twap-dedup-key-dropped',
    bug: 'the twap dedup key dropped',
    file: 'modules/twap-monitor/submit-tranche.ts',
    find: 'const result = await postOrder(host, block.chainId, uid, body, { nowSec, number: block.number })',
    replace:
      'const result = await postOrder(host, block.chainId, `${uid}${block.number}` as Hex, body, { nowSec, number: block.number })',
  },
  // Areas the fuzzer generates since issue 13's second round (reorgs, orderbook answers, 429s):
  // `npm run test:mutation -- --fuzz` runs the campaign on these even when the library catches them.
  {
    id: 'queued-blocks-newest-first',
    bug: 'queued blocks (a reorg, a burst) dispatched newest first',
    file: 'engine/loop/merged-stream.ts',
    find: '    const item = this.ring[this.head]\n    this.ring[this.head] = undefined',
    replace:
      '    const last = (this.head + this.count - 1) & (this.ring.length - 1)\n    const newest = this.ring[last]\n    this.ring[last] = this.ring[this.head]\n    this.ring[this.head] = newest\n    const item = this.ring[this.head]\n    this.ring[this.head] = undefined',
  },
  {
    id: 'reorg-replacement-skipped',
    bug: "a reorg's replacement block (a number already dispatched) skipped as a duplicate",
    file: 'engine/supervisor/supervisor.ts',
    find: 'const due = this.modules.filter((m) => m.alive && m.blockChains.has(block.chainId))',
    replace:
      'const seen: Set<string> = ((this as unknown as { seen?: Set<string> }).seen ??= new Set())\n    const again = seen.has(`${block.chainId}:${block.number}`)\n    seen.add(`${block.chainId}:${block.number}`)\n    const due = again ? [] : this.modules.filter((m) => m.alive && m.blockChains.has(block.chainId))',
  },
  {
    id: 'retry-after-ignored',
    bug: "a 429's Retry-After ignored (always the 600 s default)",
    file: 'modules/sdk/cow/classify-orderbook-error.ts',
    find: 'const header = outcome.retryAfter === true ? hostRetryAfter(failure) : undefined',
    replace: 'const header = outcome.retryAfter === true ? undefined : undefined',
  },
  {
    id: 'post-after-drop',
    bug: 'a dropped UID posted again',
    file: 'modules/sdk/decision-store.ts',
    find: "if ((await host.localStore.get(droppedKey(uid))) !== undefined) return { post: false, reason: 'dropped' }",
    replace: "if ((await host.localStore.get(droppedKey(uid))) === '') return { post: false, reason: 'dropped' }",
  },
  {
    id: 'timeout-drops-order',
    bug: 'no answer from the orderbook (a timeout) treated as drop',
    file: 'policies/default.toml',
    find: 'status = ["transport", "1xx", "2xx", "3xx"]\naction = "try-next-block"',
    replace: 'status = ["transport", "1xx", "2xx", "3xx"]\naction = "drop"',
  },
  // twap-monitor's and ethflow-watcher's own state, which the fuzzer predicts since it sends real
  // TWAP and EthFlow payloads (decision 0193).
  {
    id: 'twap-epoch-gate-ignored',
    bug: "twap-monitor's next_epoch gate ignored (a watch polled before its epoch)",
    file: 'modules/twap-monitor/poll-gates.ts',
    find: '  if (gates.nextEpoch !== undefined && BigInt(blockSeconds(block)) < gates.nextEpoch) return true\n',
    replace: '',
  },
  {
    id: 'twap-drop-keeps-watch',
    bug: 'a dropped tranche leaves its TWAP watch in place',
    file: 'modules/twap-monitor/submit-tranche.ts',
    find: "    } else if (outcome.decision === 'drop') {\n      await dropWatch(host, key, id)\n    }",
    replace: '    }',
  },
  {
    id: 'ethflow-observed-not-kept',
    bug: 'an observed EthFlow order not remembered (looked up again on every redelivery)',
    file: 'modules/ethflow-watcher/strategy.ts',
    find: '      await host.localStore.set(observedKey(uid), EMPTY)\n',
    replace: '',
  },
]
