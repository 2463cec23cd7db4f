import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { handle } from '../handle.js';
import { formatTable } from '../table.js';

interface ShowArgs extends GlobalArgs {
  inline?: string;
  limit?: number;
  output?: 'table' | 'json';
}

export const showCommand: CommandModule<GlobalArgs, ShowArgs> = {
  command: 'show',
  describe: "Preview a model's rows (or an inline query's) without building anything",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('inline', { type: 'string', describe: 'a query to run; may use ref() and source()' })
      .option('limit', { type: 'number', default: 10, describe: 'rows to show (-1 for all)' })
      .option('output', { choices: ['table', 'json'] as const, default: 'table' as const })
      .example('$0 show -s customers --limit 5', 'the first 5 rows of the customers model')
      .example(`$0 show --inline "select count(*) from {{ ref('fact_sales') }}"`, 'an ad-hoc query'),
  handler: handle<ShowArgs>(
    async (args, events, io) => {
      const opts = projectOptions(args, events);
      const { show } = await import('../../api/show.js');
      const res = await show({ ...opts, inline: args.inline, limit: args.limit });
      if (args.output === 'json') io.out(JSON.stringify(res.rows));
      else io.out(formatTable(res.columns, res.rows));
      return 0;
    },
    undefined,
    { dataOnStdout: true },
  ),
};
