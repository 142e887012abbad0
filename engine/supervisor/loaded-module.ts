import type { ModuleEntry, ModuleManifest, Subscription } from '../config/types.js'
import type { ModuleHost } from '../module-api/host.js'
import type { ModuleRunner } from '../isolation/module-runner.js'

/** A booted module: its code, its host, and whether it is still alive. */
export interface LoadedModule {
  name: string
  entry: ModuleEntry
  manifest: ModuleManifest
  subscriptions: Subscription[]
  config: [string, string][]
  /** Runs the module's code, in this thread or in a worker of its own. */
  runner: ModuleRunner
  host: ModuleHost
  revokeHost(): void
  alive: boolean
  /** Chains this module has a block subscription on. */
  blockChains: ReadonlySet<number>
}
