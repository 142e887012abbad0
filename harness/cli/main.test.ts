import { describe, expect, it } from 'vitest'
import type { CliIo } from './cli-io.js'
import type { CliCommand } from './commands.js'
import { commands } from './commands.js'
import { main } from './main.js'

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l) }
}

describe('main', () => {
  it('--help lists every registered command with its summary, on stdout', async () => {
    const io = capture()
    expect(await main(['--help'], io)).toBe(0)
    const text = io.stdout.join('\n')
    expect(text).toContain('usage: nexum-sim <command>')
    for (const [name, command] of Object.entries(commands))
      expect(text).toMatch(new RegExp(`^  ${name} +${command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'))
    expect(io.stderr).toEqual([])
  })

  it('an unknown command prints usage on stderr and exits 2', async () => {
    const io = capture()
    expect(await main(['frobnicate'], io)).toBe(2)
    expect(io.stderr[0]).toBe("nexum-sim: unknown command 'frobnicate'")
    expect(io.stderr.join('\n')).toContain('commands:')
    expect(io.stdout).toEqual([])
  })

  it('no command is a usage error too', async () => {
    const io = capture()
    expect(await main([], io)).toBe(2)
    expect(io.stderr.join('\n')).toContain('usage: nexum-sim')
  })

  it('dispatches to a registered command with the remaining arguments and returns its status', async () => {
    const seen: string[][] = []
    const registry: Record<string, CliCommand> = {
      echo: {
        summary: 'echo',
        run: async (argv, io) => {
          seen.push(argv)
          io.out(argv.join(' '))
          return 7
        },
      },
    }
    const io = capture()
    expect(await main(['echo', 'a', '--b'], io, registry)).toBe(7)
    expect(seen).toEqual([['a', '--b']])
    expect(io.stdout).toEqual(['a --b'])
  })

  it('does not treat Object.prototype names as commands', async () => {
    const io = capture()
    expect(await main(['toString'], io)).toBe(2)
  })
})
