import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { exitCodeForRun } from '../exit-code.js';
import { handle } from '../handle.js';

export const seedCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'seed',
  describe: 'Load the CSV files under seed-paths into tables (COPY; reload = truncate + load in one transaction)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .example('$0 seed', 'load every seed')
      .example('$0 seed -s customers --full-refresh', 'rebuild one seed table after its columns changed'),
  handler: handle(async (args, events, _io, signal) => {
    const { seed } = await import('../../api/run.js');
    const summary = await seed({ ...projectOptions(args, events, signal), failFast: args['fail-fast'] });
    return exitCodeForRun(summary.success);
  }),
};
