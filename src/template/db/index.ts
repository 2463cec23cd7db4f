import { adapterFunctions, relationApi } from './adapter.js';
import { COLUMN_API } from './column.js';
import { resultFunctions } from './results.js';
import { DbSession, type DbInputs } from './session.js';

export type { TemplateDatabase, DbRows } from './types.js';
export type { DbInputs } from './session.js';
export { AgateTable } from './agate.js';
export { TemplateColumn } from './column.js';
export { collectWrites } from './deferred-writes.js';

/**
 * The template-facing database objects of one render: statement, load_result, store_result, run_query,
 * load_relation, api (Relation, Column) and the database methods of `adapter` (merged into the adapter object
 * by context.ts, beside pkg-macros' dispatch).
 */
export function databaseContext(
  inputs: DbInputs,
  targetType: string,
): { globals: Record<string, unknown>; adapter: Record<string, unknown> } {
  const session = new DbSession(inputs);
  const adapter = adapterFunctions(session, targetType);
  return {
    adapter,
    globals: {
      ...resultFunctions(session),
      load_relation: adapter.load_relation,
      api: { Relation: relationApi(inputs.database), Column: COLUMN_API },
    },
  };
}
