import type { Argv } from 'yargs';
import type { RunOptions } from '../../api/index.js';

type UnitOn = NonNullable<RunOptions['unitOn']>;

export interface UnitArgs {
  'unit-on'?: UnitOn;
  'empty-target'?: boolean;
}

/** --unit-on and --empty-target (test and build): where unit tests run. */
export function withUnitFlags<T>(y: Argv<T>): Argv<T & UnitArgs> {
  return y
    .option('unit-on', {
      choices: ['target', 'embedded'] as const,
      describe:
        'where unit tests run: the target, or an in-memory embedded database (default: the target; ' +
        'embedded when only unit tests run and the target is unreachable)',
    })
    .option('empty-target', {
      type: 'boolean',
      describe: 'treat the target as empty: unit tests run on the embedded database, types inferred from the project',
    }) as Argv<T & UnitArgs>;
}

export function unitOptions(args: UnitArgs): { unitOn?: UnitOn; emptyTarget?: boolean } {
  return {
    ...(args['unit-on'] ? { unitOn: args['unit-on'] } : {}),
    ...(args['empty-target'] ? { emptyTarget: true } : {}),
  };
}
