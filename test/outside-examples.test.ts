// Scenario files written to the format by someone outside the team run unchanged
// (test/fixtures/outside-examples/README.md says where they come from).
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runScenarios } from '../harness/run/run-scenarios.js'

const EXAMPLES = 'test/fixtures/outside-examples'

/** The files as received: an edit to one would make it a project file, no longer a witness. */
const AS_RECEIVED: Record<string, string> = {
  'balance-tracker-rpc-error.yaml': '05189c0a4ec1321776eaaa51359c75ecadabe27a12c923fda03969b77661ebb2',
  'flaky-module-recovers.yaml': '8da7996ef3cad101a342249089a960cbaab1c0399533e890bd1f8ebe3c7c1f89',
  'two-chains-fan-out.yaml': 'e8a9cabeda395f64843057a81680773c5b7e44febeb7a88a680f086e562092ef',
}

describe('the outside examples', () => {
  it('are the files as received, byte for byte', async () => {
    const names = (await readdir(EXAMPLES)).filter((n) => n.endsWith('.yaml')).sort()
    expect(names).toEqual(Object.keys(AS_RECEIVED).sort())
    for (const name of names) {
      const sha256 = createHash('sha256')
        .update(await readFile(join(EXAMPLES, name)))
        .digest('hex')
      expect({ name, sha256 }).toEqual({ name, sha256: AS_RECEIVED[name] })
    }
  })

  it('every example passes as written', async () => {
    const results = await runScenarios({ paths: [EXAMPLES], mode: 'fixture' })
    expect(results).toHaveLength(Object.keys(AS_RECEIVED).length)
    expect(results.map((r) => ({ file: r.file, failures: r.failures, status: r.status }))).toEqual(
      results.map((r) => ({ file: r.file, failures: [], status: 'passed' })),
    )
  })
})
