// `nexum-sim engine` as a real child process: the config error and nothing-to-run paths.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexum-cli-engine-'))
  dirs.push(dir)
  return dir
}

// A child `node` with tsx compiling on a loaded 2-core machine can take several seconds to boot.
describe('nexum-sim engine (child process)', { timeout: 90_000 }, () => {
  it('a bad config exits 1 with a message naming the file and the key', async () => {
    const dir = tempDir()
    const file = join(dir, 'engine.toml')
    writeFileSync(file, '[engine]\nlog_level = 5\n')
    const { code, stderr } = await runCli(['engine', '--config', file], dir)
    expect(code).toBe(1)
    expect(stderr).toContain(`${file}: engine.log_level: expected`)
    expect(stderr).toContain('found 5')
  })

  it('a misspelled module config key refuses boot: exit 1 naming the module, the key path, expected and found', async () => {
    const dir = tempDir()
    const stopLoss = fileURLToPath(new URL('../modules/stop-loss', import.meta.url))
    const file = join(dir, 'engine.toml')
    writeFileSync(
      file,
      `[engine]\nstate_dir = "state"\n\n[[modules]]\npath = ${JSON.stringify(stopLoss)}\n[modules.config]\ntrigger_prise = "1000.00"\n`,
    )
    const { code, stderr } = await runCli(['engine', '--config', file], dir)
    expect(code).toBe(1)
    expect(stderr).toContain(`${file}: modules[0].config.trigger_prise: expected a config key of module stop-loss (`)
    expect(stderr).toContain('found unknown key \\"trigger_prise\\"')
    expect(stderr).not.toContain('init succeeded')
  })

  it('a config whose modules subscribe to nothing exits 0 with a nothing-to-run line', async () => {
    const dir = tempDir()
    const mod = join(dir, 'quiet')
    mkdirSync(mod)
    writeFileSync(join(mod, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(join(mod, 'module.toml'), '[module]\nname = "quiet"\n\n[capabilities]\nrequired = ["logging"]\n')
    writeFileSync(join(mod, 'index.ts'), 'export async function init() {}\nexport async function onEvent() {}\n')
    writeFileSync(join(dir, 'engine.toml'), '[engine]\nstate_dir = "state"\n\n[[modules]]\npath = "quiet"\n')
    // No --config: the default is ./engine.toml in the working directory.
    const { code, stderr } = await runCli(['engine'], dir)
    expect(stderr).toMatch(/ INFO nexum_engine: no \[\[subscription\]\] entries - engine has nothing to run; exiting/)
    expect(code).toBe(0)
  })

  it('--help lists the engine command; an unknown command exits 2', async () => {
    const dir = tempDir()
    const help = await runCli(['--help'], dir)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^ {2}engine +run the live engine/m)
    const unknown = await runCli(['frobnicate'], dir)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown command 'frobnicate'")
  })
})
