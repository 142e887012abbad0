// The long-run memory benchmark (`long-run-memory`): 50 probe modules subscribed to one chain,
// N blocks, every module logging every block, with `expect.logs` / `no_logs` matchers that read
// the whole stream. Written as a scenario (JSON is YAML) and replayed in a process of its own, so
// its peak RSS is the harness's own, for 10,000 and for 300,000 blocks (issue 9: flat memory).

export const LONG_RUN_MODULES = 50

export function longRunScenario(blocks: number): string {
  const modules = Array.from({ length: LONG_RUN_MODULES }, (_, i) => ({
    use: 'probe',
    name: `probe-${i + 1}`,
    subscriptions: [{ kind: 'block', chain_id: 11155111 }],
  }))
  const last = 7_000_000 + blocks - 1
  return JSON.stringify({
    version: 1,
    name: `${blocks} blocks through ${LONG_RUN_MODULES} probe modules`,
    engine: { chains: { 11155111: {} }, modules },
    steps: [{ blocks: { count: blocks } }, { signal: 'SIGTERM' }],
    expect: {
      exit: { reason: 'signal', code: 0 },
      dispatch: { [`probe-${LONG_RUN_MODULES}`]: { blocks, ok: blocks } },
      logs: [{ module: `probe-${LONG_RUN_MODULES}`, contains: `probe received block ${last} on chain 11155111` }],
      no_logs: [{ level: 'error' }, { contains: 'trapped' }],
    },
  })
}
