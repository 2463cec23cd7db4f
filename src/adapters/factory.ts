import type { TargetConfig } from '../config/types.js';
import type { ProjectNode } from '../parse/types.js';
import { CitusDialect } from './citus-dialect.js';
import type { Adapter, AdapterOptions } from './types.js';
import { PgliteAdapter } from './pglite-adapter.js';
import { openPgliteEarly } from './pglite-early.js';
import { PostgresAdapter } from './postgres-adapter.js';
import { PostgresDialect } from './postgres-dialect.js';

/** The adapter for a target (not yet connected: call open(), or let the first query do it). */
export function createAdapter(target: TargetConfig, options: AdapterOptions = {}): Adapter {
  switch (target.type) {
    case 'pglite':
      return new PgliteAdapter(target, options);
    case 'postgres':
    case 'citus': // a Citus coordinator speaks PostgreSQL: what differs is in its dialect
      return new PostgresAdapter(target, options);
  }
}

/**
 * Starts opening the target while the caller does other work (a command about to load its project): for PGlite, its
 * folder under its lock file when free (pglite-early.ts), else a worker loading PGlite. The returned function closes
 * what no adapter took; call it when the command ends.
 */
export function startAdapterEarly(target: TargetConfig, command: string): () => Promise<void> {
  return openPgliteEarly(target, command);
}

/**
 * The SQL dialect of a target: PostgreSQL's for postgres and pglite, its Citus
 * flavour for citus. `nodes` are the project's nodes (Citus resolves
 * colocate_with and checks foreign keys across models with them).
 */
export function dialectFor(target: Pick<TargetConfig, 'type'>, nodes: readonly ProjectNode[] = []): PostgresDialect {
  return target.type === 'citus' ? new CitusDialect(nodes) : new PostgresDialect();
}
