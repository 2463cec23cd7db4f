import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { exitCodeForRun } from '../exit-code.js';
import { handle } from '../handle.js';

interface FreshnessArgs extends GlobalArgs {
  output?: string;
}

const freshnessCommand: CommandModule<GlobalArgs, FreshnessArgs> = {
  command: ['freshness', 'snapshot-freshness'],
  describe: 'How long ago each source table was loaded, against its freshness criteria; writes target/sources.json',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('output', {
        alias: 'o',
        type: 'string',
        describe: 'where to write sources.json (default: target/sources.json)',
      })
      .example('$0 source freshness', 'every source table with freshness and loaded_at_field')
      .example('$0 source freshness -s source:app.events', 'one table')
      .example('$0 source freshness -o prod/sources.json', 'the results elsewhere'),
  handler: handle(async (args, events) => {
    const { sourceFreshness } = await import('../../api/freshness.js');
    const res = await sourceFreshness({ ...projectOptions(args, events), output: args.output });
    return exitCodeForRun(res.success);
  }),
};

export const sourceCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'source',
  describe: 'Commands about sources: source freshness',
  builder: (y: Argv<GlobalArgs>) =>
    y.command(freshnessCommand).demandCommand(1, 'Name a subcommand: tsmodel source freshness'),
  handler: () => {},
};
