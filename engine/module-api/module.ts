import type { ModuleEvent } from './events.js'
import type { ModuleHost } from './host.js'

/** `[config]` flattened to strings, as the Rust engine's `list<tuple<string,string>>`, in key order. */
export type ModuleConfig = Readonly<Record<string, string>>

/**
 * What a module folder's `index.ts` exports (as named exports, or as its default export).
 * Resolving = ok; rejecting with a HostError = the Rust engine's `Err(host-error)` (the module stays
 * alive); rejecting with anything else = a trap (the module is dead for the rest of the run).
 */
export interface EngineModule {
  init(config: ModuleConfig, host: ModuleHost): Promise<void>
  onEvent(event: ModuleEvent, host: ModuleHost): Promise<void>
}
