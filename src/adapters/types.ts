import type { Relation } from '../parse/types.js';

export interface QueryField {
  name: string;
  dataTypeID: number;
}

export interface QueryResult {
  rows: Record<string, unknown>[];
  /** Rows affected (INSERT/UPDATE/DELETE/CREATE TABLE AS/SELECT), when the server says. */
  rowCount: number | null;
  /** The command tag's verb, e.g. "SELECT", "INSERT", "CREATE". */
  command: string;
  fields: QueryField[];
}

/** A CSV stream for COPY … FROM STDIN. */
export interface CopySource {
  /** The file's bytes (the caller strips a BOM). */
  stream: NodeJS.ReadableStream;
  /** The CSV quote character, so big files can be cut between records. */
  quote: string;
  /** Whether the first record is a header (skipped by COPY … HEADER). */
  header: boolean;
}

/** One database session. Statements on it run in order; temp tables live as long as it. */
export interface Connection {
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
  /**
   * Runs `copy … from stdin` fed from the stream, never holding the whole
   * file in memory; returns the rows loaded. Errors carry the CSV line.
   */
  copyFrom(sql: string, source: CopySource): Promise<number>;
  /**
   * Runs several statements in order in as few round trips as the driver allows (PostgreSQL: one simple query;
   * PGlite: one request to its worker) and returns each one's result (a statement text holding several gets the
   * last one's). A failing statement stops the rest and throws a BatchError with its index and its error, whose
   * position points into that statement's own text. Optional: without it, callers run statements one by one.
   */
  batch?(statements: readonly string[], options?: BatchOptions): Promise<QueryResult[]>;
}

export interface BatchOptions {
  /**
   * Inside Adapter.transaction() only: the transaction's last statements; its COMMIT goes in the same request
   * (nothing may be sent after). A COMMIT that fails throws a BatchError whose index is `statements.length`.
   */
  commit?: boolean;
}

export interface AdapterCapabilities {
  /** How many statements can run at once (PGlite: 1). */
  maxConcurrency: number;
  /** PostgreSQL major version of the engine (known after open()). */
  serverVersion?: number;
  /** The full server_version_num, e.g. 150020 (known after open()). */
  serverVersionNum?: number;
}

/**
 * The narrow interface the engine talks to. All SQL text specific to the
 * database is built in adapters/ (see the dialect); the engine only asks.
 */
export interface Adapter {
  readonly type: string;
  readonly capabilities: AdapterCapabilities;
  /** Connects (with retries on transient failures); idempotent. */
  open(): Promise<void>;
  /** Runs one statement on any free session. */
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
  /**
   * Runs fn inside BEGIN … COMMIT on one session; ROLLBACK if fn throws. BEGIN goes with fn's first statement
   * and COMMIT with a batch that asks for it (adapters/lazy-transaction.ts): no request of their own.
   */
  transaction<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
  /** Runs fn on one session without a transaction (for temp tables across statements). */
  withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
  /** Cancels every statement in flight (pg_cancel_backend / PGlite close). */
  cancel(): Promise<void>;
  close(): Promise<void>;
  /** A short, secret-free description, e.g. "postgres root@127.0.0.1:5432/test". */
  describe(): string;
}

export type { Relation };

/** What open() reports after each failed connection attempt. */
export interface RetryInfo {
  /** Attempts allowed in all: target.retries + 1. */
  attempts: number;
  /** False on the last failed attempt (or a failure that is not transient): open() then throws. */
  willRetry: boolean;
  delayMs: number;
}

export interface AdapterOptions {
  /** Waits between connection attempts; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Called after every failed connection attempt (1-based), including the
   * last one, before waiting: for logging "retrying in …", and for tests.
   */
  onRetry?: (attempt: number, err: unknown, info: RetryInfo) => void;
  /**
   * PGlite: called once when another process has the data folder open and
   * open() starts waiting for it (up to the target's lock_timeout), with who
   * it is ("pid 123, tsmodel build, since …").
   */
  onLockWait?: (holder: string) => void;
  /** PGlite: what this process is doing, written in the folder's lock file for a process that waits (e.g. "build"). */
  command?: string;
}
