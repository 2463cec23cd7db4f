import type { Argv, CommandModule } from 'yargs';
import { build, seed } from '../../api/index.js';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { exitCodeForRun } from '../exit-code.js';
import { handle } from '../handle.js';

export const seedCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'seed',
  describe: 'Load the CSV files under seed-paths into tables (COPY; reload = truncate + load in one transaction)',
  builder: (y: Argv<GlobalArgs>) =>
    y.example('$0 seed', 'load every seed').example('$0 seed -s customers --full-refresh', 'rebuild one seed table after its columns changed'),
  handler: handle(async (args, events) => exitCodeForRun((await seed({ ...projectOptions(args, events), failFast: args['fail-fast'] })).success)),
};

export const buildCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'build',
  describe: 'Load seeds and build models, in one dependency order',
  builder: (y: Argv<GlobalArgs>) => y.example('$0 build', 'the whole pipeline on the embedded database').example('$0 build -s +fact_sales', 'fact_sales and everything it needs'),
  handler: handle(async (args, events) => exitCodeForRun((await build({ ...projectOptions(args, events), failFast: args['fail-fast'] })).success)),
};
