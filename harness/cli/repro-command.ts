// `nexum-sim repro FILE [--line N | --uid UID] [--module NAME] [--config engine.toml] [--out DIR]
// [--policy all|FILE] [--horizon-blocks N]`:
// one orderbook exchange (a journal line, a cassette record, or one typed by hand) becomes a
// regression scenario that replays it offline, and is run at once (docs/recording.md).
import { UsageError } from './cli-io.js'
import { defineCommand } from './define-command.js'

export const reproCommand = defineCommand({
  name: 'repro',
  summary:
    'turn an orderbook exchange (journal line, cassette, or typed by hand) into a regression scenario and run it',
  positionals: 'FILE',
  description: [
    'FILE is an engine journal (<state_dir>/journal.jsonl), a version 2 cassette, or one exchange as JSON:',
    '  { "chain": 11155111, "request": { "method": "POST", "path": "/api/v1/orders", "body": {...} },',
    '    "response": { "status": 400, "body": {...} or "text" } }',
    'Writes <module>-<answer>.yaml and its cassette under scenarios/regressions (or --out), runs it, and prints',
    "the module's decision, the decision table's row and the scenario's path.",
  ],
  options: {
    line: {
      type: 'string',
      valueName: 'n',
      description: 'the journal line (or cassette line) to reproduce (default: the last rejection)',
    },
    uid: { type: 'string', valueName: 'uid', description: 'the last journal line about this order UID' },
    module: {
      type: 'string',
      valueName: 'name',
      description: "the module (default: the journal line's, or the module of --config whose order is the body)",
    },
    config: {
      type: 'string',
      valueName: 'path',
      description: 'the engine configuration the module runs with (default: ./engine.toml when present)',
    },
    out: {
      type: 'string',
      valueName: 'dir',
      description: 'where the scenario and its cassette go (default: scenarios/regressions)',
    },
    policy: {
      type: 'string',
      valueName: 'all|file',
      description:
        'also print what each policy would have done with this answer: all (the shipped ones), a name or a policy .toml (docs/policies.md)',
    },
    'horizon-blocks': {
      type: 'string',
      valueName: 'n',
      description: 'how many blocks --policy looks ahead (default 7200: one virtual day at 12 s)',
    },
  },
  exitStatus: [
    '0 reproduced: the module made that submission and decided as the journal says (typed by hand: as the table says)',
    '1 the module now decides differently, or no longer makes that submission (both are shown)',
    '2 bad input (usage, an unreadable or malformed FILE, a module that cannot be driven)',
  ],
  run: async ({ options, positionals }, io) => {
    if (positionals.length !== 1) throw new UsageError(`expected one FILE, found ${positionals.length}`)
    if (options.line !== undefined && options.uid !== undefined) throw new UsageError('--line and --uid: pick one')
    let line: number | undefined
    if (options.line !== undefined) {
      if (!/^[1-9]\d*$/.test(options.line))
        throw new UsageError(`--line: expected a line number >= 1, found ${options.line}`)
      line = Number(options.line)
    }
    let horizonBlocks: number | undefined
    const horizon = options['horizon-blocks']
    if (horizon !== undefined) {
      if (!/^[1-9]\d{0,6}$/.test(horizon))
        throw new UsageError(`--horizon-blocks: expected a number of blocks from 1 to 9999999, found ${horizon}`)
      if (options.policy === undefined) throw new UsageError('--horizon-blocks needs --policy')
      horizonBlocks = Number(horizon)
    }
    const { runRepro } = await import('../repro/run-repro.js')
    return runRepro(
      {
        file: positionals[0]!,
        line,
        uid: options.uid,
        module: options.module,
        config: options.config,
        out: options.out,
        policy: options.policy,
        horizonBlocks,
        cwd: process.cwd(),
        env: process.env,
      },
      io,
    )
  },
})
