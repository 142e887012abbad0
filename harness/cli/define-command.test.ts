import { describe, expect, it } from 'vitest'
import { UsageError, type CliIo } from './cli-io.js'
import { commands } from './commands.js'
import { defineCommand, type ParsedCommandLine } from './define-command.js'

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l) }
}

const OPTIONS = {
  colour: { type: 'string', valueName: 'c', choices: ['red', 'blue'], description: 'the colour' },
  tag: { type: 'string', valueName: 't', multiple: true, description: 'a tag' },
  loud: { type: 'boolean', short: 'l', description: 'shout' },
} as const

function sample(positionals?: string) {
  const seen: ParsedCommandLine<typeof OPTIONS>[] = []
  const command = defineCommand({
    name: 'sample',
    summary: 'a sample',
    ...(positionals ? { positionals } : {}),
    description: ['Does a sample thing.'],
    options: OPTIONS,
    exitStatus: ['0 fine'],
    run: async (args) => {
      seen.push(args)
      return 5
    },
  })
  return { command, seen }
}

describe('defineCommand', () => {
  it('passes typed values and positionals to run, and returns its status', async () => {
    const { command, seen } = sample('[X ...]')
    expect(await command.run(['a', '--colour', 'red', '--tag=x', '-l', '--tag', 'y', 'b'], capture())).toBe(5)
    expect(seen).toEqual([{ options: { colour: 'red', tag: ['x', 'y'], loud: true }, positionals: ['a', 'b'] }])
  })

  it('absent options: undefined strings, empty lists, false booleans', () => {
    const { command } = sample()
    expect(command.parse([])).toEqual({
      options: { colour: undefined, tag: [], loud: false },
      positionals: [],
      help: false,
    })
  })

  it('--help and -h print the generated help on stdout, exit 0, and do not run the command', async () => {
    for (const flag of ['--help', '-h']) {
      const { command, seen } = sample('[X ...]')
      const io = capture()
      expect(await command.run(['--colour', 'red', flag], io)).toBe(0)
      expect(seen).toEqual([])
      expect(io.stderr).toEqual([])
      expect(io.stdout[0]).toBe('usage: nexum-sim sample [X ...] [options]')
      const text = io.stdout.join('\n')
      expect(text).toMatch(/^ {6}--colour <c> +the colour \(red \| blue\)$/m)
      expect(text).toMatch(/^ {6}--tag <t> +a tag \(repeatable\)$/m)
      expect(text).toMatch(/^ {2}-l, --loud +shout$/m)
      expect(text).toMatch(/^ {2}-h, --help +print this help and exit 0$/m)
      expect(text).toContain('exit status:\n  0 fine')
    }
  })

  it.each([
    [['--bogus'], "unknown option '--bogus' (options: --colour, --tag, --loud, --help)"],
    [['--colour'], '--colour needs a value (c)'],
    [['--colour='], '--colour needs a value (c)'],
    [['--colour', 'green'], '--colour: expected red or blue, found green'],
    [['--loud=yes'], '--loud takes no value'],
    [['stray'], "unexpected argument 'stray' (this command takes options only: --colour, --tag, --loud, --help)"],
  ])('%j is a usage error: %s', (argv, message) => {
    const { command } = sample()
    expect(() => command.parse(argv)).toThrow(new UsageError(message))
  })
})

describe('every registered command', () => {
  it.each(Object.keys(commands))('%s answers --help with exit 0 and a usage line on stdout', async (name) => {
    const io = capture()
    expect(await commands[name]!.run(['--help'], io)).toBe(0)
    expect(io.stdout[0]).toMatch(new RegExp(`^usage: nexum-sim ${name}\\b`))
    expect(io.stdout.join('\n')).toContain('exit status:')
    expect(io.stderr).toEqual([])
  })
})
