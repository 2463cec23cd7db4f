import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { handle } from '../handle.js';

export const compileCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'compile',
  describe: 'Render models, analyses and tests to target/compiled/ (no database needed)',
  builder: (y: Argv<GlobalArgs>) =>
    y.example('$0 compile', 'compile the whole project').example('$0 compile -s fact_sales', 'compile one model'),
  handler: handle(
    async (args, events, io) => {
      // Column lineage finds contracts and tests on columns the SQL does not produce (warnings).
      const { loadColumnLineage } = await import('../../api/column-lineage.js');
      await loadColumnLineage();
      const { compile } = await import('../../api/compile.js');
      const { compiled } = compile(projectOptions(args, events));
      if (!args.quiet) {
        // One model selected (its tests come along): print its SQL, as dbt compile -s does.
        const nonTests = compiled.filter((c) => !c.uniqueId.startsWith('test.'));
        const single = nonTests.length === 1 ? nonTests[0] : compiled.length === 1 ? compiled[0] : undefined;
        if (single && args['log-format'] !== 'json') io.out(single.sql);
        else
          io.out(
            `Compiled ${compiled.length} node${compiled.length === 1 ? '' : 's'} to ` +
              `${compiled[0]?.path.split('/compiled/')[0] ?? 'target'}/compiled/`,
          );
      }
      return 0;
    },
    undefined,
    { dataOnStdout: true },
  ),
};
