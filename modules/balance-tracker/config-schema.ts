// The keys balance-tracker reads (config.ts); the engine refuses to boot on any other, or a bad value.
import type { ModuleConfigSchema } from '../sdk/index.js'
import { configKey, u256Key } from '../sdk/index.js'
import { parseAddresses } from './config.js'

export const configSchema: ModuleConfigSchema = {
  addresses: configKey('comma-separated addresses, at least one', parseAddresses),
  change_threshold: u256Key(),
}
