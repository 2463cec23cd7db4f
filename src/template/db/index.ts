import { adapterFunctions, relationApi } from './adapter.js';
import { COLUMN_API } from './column.js';
import { resultFunctions } from './results.js';
import { DbSession, type DbInputs } from './session.js';

export type { TemplateDatabase, DbRows } from './types.js';
export type { DbInputs } from './session.js';
export { AgateTable } from './agate.js';
export { TemplateColumn } from './column.js';
export { collectWrites } from './deferred-writes.js';

/** What addDatabaseObjects needs besides the session's inputs. */
export interface DatabaseObjectsInputs extends DbInputs {
  targetType: string;
  /** Whether the project defines a macro of this name (it then wins over our object). */
  overridden(name: string): boolean;
}

/** A context with the database objects added; its own `adapter` members (quote, dispatch…) are kept. */
export function addDatabaseObjects(
  ctx: Record<string, unknown>,
  inputs: DatabaseObjectsInputs,
): Record<string, unknown> {
  const objects = databaseContext(inputs, inputs.targetType);
  const globals = Object.entries(objects.globals).filter(([k]) => !inputs.overridden(k));
  const own = ctx.adapter && typeof ctx.adapter === 'object' ? ctx.adapter : {};
  return { ...ctx, ...Object.fromEntries(globals), adapter: { ...objects.adapter, ...own } };
}

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
