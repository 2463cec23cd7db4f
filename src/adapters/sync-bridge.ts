import type { Adapter } from './types.js';
import { PgliteAdapter } from './pglite-adapter.js';
import { PostgresAdapter } from './postgres-adapter.js';
import type { SyncRows } from './sync-channel.js';
import { PostgresSyncBridge } from './sync-pg.js';
import { PgliteSyncDatabase } from './sync-pglite.js';
import type { TargetConfig } from '../config/types.js';

export type { SyncRows };

/**
 * The database as templates see it while they render (run_query, statement, adapter.get_columns_in_relation…):
 * synchronous, because rendering is. Errors are DatabaseErrors, as the adapters throw them.
 */
export interface SyncDatabase {
  readonly type: string;
  query(sql: string): SyncRows;
  close(): Promise<void>;
}

/**
 * The synchronous bridge to an open adapter's database: on PGlite a second request channel to the worker that
 * holds the database (one PGlite, one folder lock); on PostgreSQL a worker thread with its own connection,
 * started on the first query. Close it when the command ends.
 */
export function openSyncDatabase(adapter: Adapter): SyncDatabase | undefined {
  if (adapter instanceof PgliteAdapter) {
    return { type: adapter.type, query: (sql) => adapter.querySync(sql), close: () => Promise.resolve() };
  }
  if (adapter instanceof PostgresAdapter) {
    return new PostgresSyncBridge(adapter.type, adapter.sessionConfig(), adapter.describe());
  }
  return undefined;
}

/**
 * The bridge for a command that has no open adapter and stays synchronous (`compile`): PostgreSQL connects on
 * the first query; PGlite locks and opens its folder then (an error if another process holds it).
 */
export function openSyncDatabaseFor(target: TargetConfig, command: string): SyncDatabase {
  if (target.type === 'pglite') return new PgliteSyncDatabase(target, command);
  return openSyncDatabase(new PostgresAdapter(target))!;
}
