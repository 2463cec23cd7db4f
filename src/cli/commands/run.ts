import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { exitCodeForRun } from '../exit-code.js';
import { handle } from '../handle.js';
import { runWatch, withWatchFlags, type WatchArgs } from './watch-flag.js';

export const runCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'run',
  describe: 'Build the selected models in dependency order',
  builder: (y: Argv<GlobalArgs>) =>
    withWatchFlags(y)
      .example('$0 run', 'build every model on the default target (the embedded database)')
      .example('$0 run --select warehouse+', 'rebuild the warehouse folder and everything downstream')
      .example('$0 run --target postgres --threads 8', 'build on a PostgreSQL server, 8 models at a time')
      .example('$0 run -s customers --full-refresh', 'rebuild an incremental model from scratch')
      .example('$0 run --watch -s marts+', 'rebuild marts models as you save them'),
  handler: handle(async (args, events, _io, signal) => {
    if ((args as WatchArgs).watch) return runWatch('run', args, events);
    const { run } = await import('../../api/run.js');
    const summary = await run({ ...projectOptions(args, events, signal), failFast: args['fail-fast'] });
    return exitCodeForRun(summary.success);
  }),
};
