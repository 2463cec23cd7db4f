import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { handle } from '../handle.js';

export const debugCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'debug',
  describe: 'Show the resolved project, profile and target, and test the connection (no secrets printed)',
  builder: (y: Argv<GlobalArgs>) => y.example('$0 debug --target postgres', 'check the PostgreSQL settings'),
  handler: handle(async (args, events, io) => {
    const { debug } = await import('../../api/debug.js');
    const report = await debug(projectOptions(args, events));
    if (args['log-format'] === 'json') {
      io.out(JSON.stringify(report));
    } else {
      const section = (title: string, value: unknown) => {
        io.out(`${title}:`);
        if (value && typeof value === 'object')
          for (const [k, v] of Object.entries(value)) io.out(`  ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
        else io.out(`  ${String(value)}`);
      };
      section('project', report.project);
      section('profiles', report.profilesFile || '(not read)');
      section('target', report.target);
      if (report.schemas) section('schemas written (relations)', report.schemas);
      section('connection', report.connection.ok ? { ok: 'OK', server: report.connection.server } : report.connection);
    }
    return report.connection.ok ? 0 : 2;
  }),
};
