// The scenario a `serve` or `diff` run plays: loaded once, or its error printed as a usage error
// (exit 2) before any port is opened or process started.
import { formatError } from '../../engine/errors/base-error.js'
import type { CliIo } from '../cli/cli-io.js'
import { MODULES_DIR } from '../run/run-scenarios.js'
import { loadScenarioFile } from '../scenario/load-scenario.js'
import type { Scenario } from '../scenario/types.js'

export async function loadServedScenario(file: string, io: CliIo): Promise<Scenario | undefined> {
  try {
    return await loadScenarioFile(file, { modulesDir: MODULES_DIR })
  } catch (error) {
    io.err(formatError(error))
    return undefined
  }
}
