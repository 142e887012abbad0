// A scenario's inline `engine:` as the engine's own loader reads it (decision 0011): one home for
// the context a simulation reads it in. The load reads it with the file's parse, so a scenario
// lane parsing ahead validates it too and the run's thread receives it ready (decision 0238);
// a boot reads it again only when the load did not (the engine refused it: its boot says why).
import { engineConfigFromObject } from '../../engine/config/load-engine-config.js'
import type { EngineConfig } from '../../engine/config/types.js'
import type { EngineDecl } from './types.js'

/** The engine's configuration from an inline `engine:` value; throws what the engine's loader throws. */
export function readInlineEngineConfig(value: unknown, file: string, dir: string): EngineConfig {
  return engineConfigFromObject(value, {
    file,
    baseDir: dir,
    keyPrefix: 'engine',
    defaultStateDir: null,
    simulated: true,
  })
}

/** The inline engine's configuration, or undefined for an engine file or one the engine refuses. */
export function inlineEngineConfigOf(engine: EngineDecl, file: string, dir: string): EngineConfig | undefined {
  if (engine.kind !== 'inline') return undefined
  try {
    return readInlineEngineConfig(engine.value, file, dir)
  } catch {
    return undefined
  }
}
