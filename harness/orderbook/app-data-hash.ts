// An app-data document's hash as the orderbook computes it: keccak256 of the JSON text's UTF-8
// bytes (the text as sent, never re-serialised).
import { keccak256, stringToHex } from 'viem'
import type { Hex } from '../../engine/module-api/index.js'

export const EMPTY_APP_DATA_JSON = '{}'
export const EMPTY_APP_DATA_HASH: Hex = keccak256(stringToHex(EMPTY_APP_DATA_JSON))

export function appDataHash(appDataJson: string): Hex {
  return keccak256(stringToHex(appDataJson))
}
