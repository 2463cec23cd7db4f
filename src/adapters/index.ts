export type {
  Adapter,
  AdapterCapabilities,
  AdapterOptions,
  BatchOptions,
  Connection,
  CopySource,
  QueryField,
  QueryResult,
  Relation,
  RetryInfo,
} from './types.js';
export {
  ConnectionError,
  DatabaseError,
  asQueryError,
  connectionHint,
  isTransient,
  lineOfPosition,
  toDatabaseError,
} from './errors.js';
export type { ConnectionErrorFields, DatabaseErrorFields, SqlPosition } from './errors.js';
export { createAdapter, dialectFor, startAdapterEarly } from './factory.js';
export { CitusDialect } from './citus-dialect.js';
export { PostgresDialect } from './postgres-dialect.js';
export type { BuildStep, TableBuildSpec } from './postgres-dialect.js';
export type { DeclaredConstraint, DialectCheck, Distribution, NodeToCheck } from './distribution.js';
export { PgliteAdapter } from './pglite-adapter.js';
export { PostgresAdapter } from './postgres-adapter.js';
export { hasSeveralStatements } from './sql-text.js';
export { BatchError } from './batch.js';
export { quoteIdent, quoteLiteral, quoteRelation } from '../sql/quote.js';
export { openSyncDatabase, openSyncDatabaseFor, type SyncDatabase, type SyncRows } from './sync-bridge.js';
export { readDocsCatalog, type CatalogRelation } from './docs-catalog.js';
