import type { Argv, CommandModule } from 'yargs';
import { compile } from '../../api/index.js';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { handle } from '../handle.js';

export const compileCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'compile',
  describe: 'Render models, analyses and tests to target/compiled/ (no database needed)',
  builder: (y: Argv<GlobalArgs>) => y.example('$0 compile', 'compile the whole project').example('$0 compile -s fact_sales', 'compile one model'),
  handler: handle((args, events, io) => {
    const { compiled } = compile(projectOptions(args, events));
    if (!args.quiet) {
      if (compiled.length === 1 && args['log-format'] !== 'json') io.out(compiled[0]!.sql);
      else io.out(`Compiled ${compiled.length} node${compiled.length === 1 ? '' : 's'} to ${compiled[0]?.path.split('/compiled/')[0] ?? 'target'}/compiled/`);
    }
    return 0;
  }, undefined, { dataOnStdout: true }),
};
