import { buildAndSwap } from './swap.js';
import type { Materialization } from './types.js';

export const view: Materialization = {
  name: 'view',
  needsColumns: () => false,
  needsDependents: (input) => input.existing !== undefined,
  plan: (input) =>
    buildAndSwap(input, 'view', 'created view', (target) => [
      { sql: input.dialect.createView(target, input.compiledSql), label: 'create view', countsRows: true },
    ]),
};

export const materializedView: Materialization = {
  name: 'materialized_view',
  needsColumns: () => false,
  needsDependents: (input) => input.existing !== undefined,
  plan: (input) =>
    buildAndSwap(input, 'materialized_view', 'created materialized view', (target) => [
      {
        sql: input.dialect.createMaterializedView(target, input.compiledSql),
        label: 'create materialized view',
        countsRows: true,
      },
    ]),
};
