import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { exitCodeForRun } from '../exit-code.js';
import { handle } from '../handle.js';
import { unitOptions, withUnitFlags, type UnitArgs } from './unit-flags.js';

export const testCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'test',
  describe:
    'Run the unit tests and the data tests on what is built; report the 0–100 quality score (target/quality_report.json)',
  builder: (y: Argv<GlobalArgs>) =>
    withUnitFlags(y)
      .example(
        '$0 test',
        'every data test, batched per relation; exit 1 on an error-severity failure or a score below quality.min_score',
      )
      .example('$0 test -s staging', 'the tests of the staging folder')
      .example('$0 test -s test_type:singular', 'only the tests under tests/')
      .example(
        '$0 test -s test_type:unit',
        'only the unit tests (unit_tests: in YAML): given rows in, expected rows out',
      )
      .example(
        '$0 test -s test_type:unit --unit-on embedded',
        'the unit tests on an in-memory database, no warehouse needed',
      ),
  handler: handle(async (args, events, _io, signal) => {
    const { test } = await import('../../api/test.js');
    const summary = await test({
      ...projectOptions(args, events, signal),
      ...unitOptions(args as UnitArgs),
      failFast: args['fail-fast'],
    });
    return exitCodeForRun(summary.success);
  }),
};
