// The keys price-alert reads (config.ts); the engine refuses to boot on any other, or a bad value.
import type { ModuleConfigSchema } from '../sdk/index.js'
import { addressKey, decimalKey, decimalsKey, oneOfKey, unsignedKey } from '../sdk/index.js'

export const configSchema: ModuleConfigSchema = {
  oracle_address: addressKey(),
  decimals: decimalsKey(),
  threshold: decimalKey(),
  direction: oneOfKey(['above', 'below']),
  every_n_blocks: unsignedKey(64, false),
}
