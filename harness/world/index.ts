// The simulated world: what the harness injects into the engine's seams in fixture mode.
export { deriveBlockHash } from './block-hash.js'
export { BLOCK_INTERVAL_SECONDS, type BlockStepFields } from './block-history.js'
export {
  createFakeRpcTransports,
  FakeNode,
  type ChainStateChange,
  type FakeNodeOptions,
  type PendingRequest,
  type RpcFallback,
} from './fake-node.js'
export {
  ScriptedSources,
  ScriptedStreamError,
  SubscriptionRefused,
  type OpenStreamInfo,
  type StreamSelector,
} from './scripted-sources.js'
export { VirtualClock, VirtualClockError, type PendingTimer } from './virtual-clock.js'
export { WorldFailureCollector, type WorldFailure, type WorldFailureSource } from './world-failure.js'
