/**
 * The database as templates reach it while they render (run_query, statement, adapter.get_columns_in_relation…).
 * Rendering is synchronous, so is this; adapters/sync-bridge.ts implements it (template/ may not import
 * adapters/). Errors thrown are the adapters' typed database errors.
 */
export interface TemplateDatabase {
  readonly type: string;
  query(sql: string): DbRows;
}

/** One statement's result: rows as arrays, so columns of the same name all survive. */
export interface DbRows {
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[][];
  command: string;
  rowCount: number | null;
}
