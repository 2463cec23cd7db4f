import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { exitCodeForRun } from '../exit-code.js';
import { handle } from '../handle.js';

interface CloneArgs extends GlobalArgs {
  copy?: boolean;
}

export const cloneCommand: CommandModule<GlobalArgs, CloneArgs> = {
  command: 'clone',
  describe:
    "Create the selected nodes in this target as views over (or, --copy, copies of) the --state target's relations",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('copy', { type: 'boolean', describe: 'real tables (CREATE TABLE … (LIKE …) + INSERT) instead of views' })
      .example('$0 clone --state prod-artifacts/', "views over production's relations in your dev schema")
      .example('$0 clone -s orders+ --state prod/ --copy', 'copies you can change without touching production')
      .example('$0 clone --state prod/ --full-refresh', 'replace relations that already exist'),
  handler: handle(async (args, events) => {
    const { clone } = await import('../../api/clone.js');
    const res = await clone({ ...projectOptions(args, events), copy: args.copy });
    return exitCodeForRun(res.success);
  }),
};
