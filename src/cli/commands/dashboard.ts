import type { Argv, CommandModule } from 'yargs';
import type { DashboardFormat } from '../../api/index.js';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { EXIT_FAILED, EXIT_OK } from '../exit-code.js';
import { handle } from '../handle.js';

interface DashboardArgs extends GlobalArgs {
  format?: DashboardFormat[];
}

export const dashboardCommand: CommandModule<GlobalArgs, DashboardArgs> = {
  command: 'dashboard',
  describe:
    'Run the analyses/ queries on the warehouse and write the sales dashboard (target/dashboard/index.html) or CSV files',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('format', {
        alias: 'f',
        type: 'array',
        string: true,
        choices: ['html', 'csv'] as const,
        default: ['html'],
        describe: 'html: the page; csv: target/dashboard/csv/<analysis>.csv for every analysis (both: -f html csv)',
      })
      .example('$0 dashboard', 'the page, from the embedded database')
      .example(
        '$0 dashboard --target postgres -f html csv',
        'the page and the CSV files, from PostgreSQL',
      ) as Argv<DashboardArgs>,
  handler: handle<DashboardArgs>(async (args, events) => {
    const { dashboard } = await import('../../api/dashboard.js');
    const res = await dashboard({ ...projectOptions(args, events), formats: args.format });
    return res.failed.length > 0 ? EXIT_FAILED : EXIT_OK;
  }),
};
