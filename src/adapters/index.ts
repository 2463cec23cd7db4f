export type {
  Adapter,
  AdapterCapabilities,
  AdapterOptions,
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
export { createAdapter } from './factory.js';
export { PgliteAdapter } from './pglite-adapter.js';
export { PostgresAdapter } from './postgres-adapter.js';
export { hasSeveralStatements } from './sql-text.js';
