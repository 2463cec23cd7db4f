import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { exitCodeForRun } from '../exit-code.js';
import { handle } from '../handle.js';
import { unitOptions, withUnitFlags, type UnitArgs } from './unit-flags.js';
import { runWatch, withWatchFlags, type WatchArgs } from './watch-flag.js';

export const buildCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'build',
  describe:
    "Load seeds, build models and snapshots, and run their data tests, in one dependency order (each node's tests right after it)",
  builder: (y: Argv<GlobalArgs>) =>
    withUnitFlags(withWatchFlags(y))
      .example('$0 build', 'the whole pipeline on the embedded database')
      .example('$0 build -s +fact_sales', 'fact_sales and everything it needs')
      .example('$0 build --watch', 'build, then rebuild and test what each save changes, until Ctrl-C'),
  handler: handle(async (args, events, _io, signal) => {
    if ((args as WatchArgs).watch) return runWatch('build', args, events);
    const { build } = await import('../../api/run.js');
    const summary = await build({
      ...projectOptions(args, events, signal),
      ...unitOptions(args as UnitArgs),
      failFast: args['fail-fast'],
    });
    return exitCodeForRun(summary.success);
  }),
};
