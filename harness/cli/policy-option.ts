// `--policy NAME|FILE` of `run` and `fuzz`: a shipped policy's name or a path from the working
// directory. A missing file is a usage error; a bad one fails each boot, named (docs/policies.md).
import { existsSync } from 'node:fs'
import { resolvePolicyReference, shippedPolicyNames } from '../../engine/orderbook-policy/policy-files.js'
import { UsageError } from './cli-io.js'

export function policyOptionFile(reference: string, cwd: string = process.cwd()): string {
  const file = resolvePolicyReference(reference, cwd)
  if (!existsSync(file))
    throw new UsageError(
      `--policy: expected a shipped policy (${shippedPolicyNames().join(', ')}) or a policy file, found ${reference}`,
    )
  return file
}
