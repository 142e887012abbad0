// The keys stop-loss reads (config.ts); the engine refuses to boot on any other, or a bad value.
import type { ModuleConfigSchema } from '../sdk/index.js'
import { addressKey, decimalKey, decimalsKey, u256Key, unsignedKey } from '../sdk/index.js'

export const configSchema: ModuleConfigSchema = {
  oracle_address: addressKey(),
  decimals: decimalsKey(),
  trigger_price: decimalKey(),
  owner: addressKey(),
  sell_token: addressKey(),
  buy_token: addressKey(),
  sell_amount_wei: u256Key(),
  buy_amount_wei: u256Key(),
  valid_to_seconds: unsignedKey(32),
}
