import type { TargetConfig } from '../config/types.js';
import type { Adapter, AdapterOptions } from './types.js';
import { PgliteAdapter } from './pglite-adapter.js';
import { PostgresAdapter } from './postgres-adapter.js';

/** The adapter for a target (not yet connected: call open(), or let the first query do it). */
export function createAdapter(target: TargetConfig, options: AdapterOptions = {}): Adapter {
  switch (target.type) {
    case 'pglite':
      return new PgliteAdapter(target, options);
    case 'postgres':
    case 'citus': // distributed and reference tables come later, as a flavour of this adapter
      return new PostgresAdapter(target, options);
  }
}
