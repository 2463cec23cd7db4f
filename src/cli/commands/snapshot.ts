import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { exitCodeForRun } from '../exit-code.js';
import { handle } from '../handle.js';

export const snapshotCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'snapshot',
  describe: 'Take SCD Type 2 snapshots (snapshot files and models with materialized: snapshot)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .example('$0 snapshot', 'record what changed since the last snapshot')
      .example(`$0 snapshot --vars '{snapshot_time: "2024-12-27"}'`, 'record changes as of a given time (backfills)'),
  handler: handle(async (args, events, _io, signal) => {
    const { snapshot } = await import('../../api/run.js');
    const summary = await snapshot({ ...projectOptions(args, events, signal), failFast: args['fail-fast'] });
    return exitCodeForRun(summary.success);
  }),
};
