import type pg from 'pg';
import type { PostgresTarget } from '../config/types.js';
import { pipeline } from 'node:stream/promises';
import type { CopySource } from './types.js';
import type { Adapter, AdapterCapabilities, AdapterOptions, Connection, QueryResult } from './types.js';
import { ConnectionError, DatabaseError, asQueryError, isTransient } from './errors.js';
import { batchOn } from './postgres-batch.js';
import { isPullSource, pullInto } from './copy-pull.js';
import { LazyTransaction } from './lazy-transaction.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** pg is loaded on first connect: commands that never connect (ls, compile, PGlite runs) do not pay for it. */
let pgLib: typeof pg | undefined;
async function loadPg(): Promise<typeof pg> {
  return (pgLib ??= (await import('pg')).default);
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL (and, for now, Citus) over a pg Pool of `threads + 1` sessions.
 *
 * query() without params uses the simple-query protocol, so a text may hold
 * several statements: they run as one implicit transaction, and the result is
 * the LAST statement's (rows, command, rowCount — nothing is summed).
 */
export class PostgresAdapter implements Adapter {
  readonly type: string;
  readonly capabilities: AdapterCapabilities;
  private readonly target: PostgresTarget;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onRetry?: AdapterOptions['onRetry'];
  private pool?: pg.Pool;
  private opening?: Promise<pg.Pool>;
  /** Set by close(): queries then fail until open() is called again. */
  private closed = false;
  /** Bumped by close(), so a connect() still under way knows it is stale. */
  private generation = 0;
  /** Backend pid of each session, looked up once when it connects (SELECT pg_backend_pid()). */
  private readonly pids = new WeakMap<pg.ClientBase, number>();
  /** Sessions currently checked out of the pool (running something for us). */
  private readonly active = new Set<pg.PoolClient>();

  constructor(target: PostgresTarget, options: AdapterOptions = {}) {
    this.target = target;
    this.type = target.type;
    this.capabilities = { maxConcurrency: Math.max(1, target.threads) };
    this.sleep = options.sleep ?? defaultSleep;
    this.onRetry = options.onRetry;
  }

  /** Connects, retrying transient failures `target.retries` times; idempotent. Reopens after close(). */
  open(): Promise<void> {
    this.closed = false;
    if (!this.opening) {
      const opening = this.connect(this.generation).catch((err: unknown) => {
        if (this.opening === opening) this.opening = undefined;
        throw err;
      });
      this.opening = opening;
    }
    return this.opening.then(() => undefined);
  }

  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    const pool = await this.ready();
    try {
      const values = params === undefined ? undefined : [...params];
      const res: pg.QueryResult | pg.QueryResult[] = await pool.query(sql, values);
      return toQueryResult(res);
    } catch (err) {
      throw asQueryError(err, sql);
    }
  }

  async transaction<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    const client = await this.checkout();
    const tx = new LazyTransaction(connectionOf(client, this.type !== 'citus'));
    let broken: Error | undefined;
    try {
      const result = await fn(tx.connection);
      await tx.finish();
      return result;
    } catch (err) {
      if (tx.open) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
        }
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * One session without a transaction. Afterwards the session is reset with
   * DISCARD ALL (temp tables, SETs), so nothing leaks to the next user of the pool.
   */
  async withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    const client = await this.checkout();
    let broken: Error | undefined;
    try {
      return await fn(connectionOf(client, this.type !== 'citus'));
    } finally {
      try {
        await client.query('DISCARD ALL');
      } catch (err) {
        broken = err instanceof Error ? err : new Error(String(err)); // e.g. a transaction left open
      }
      client.release(broken);
    }
  }

  /** Cancels the statement each checked-out session is running, from a separate fresh connection. */
  async cancel(): Promise<void> {
    const pids = [...this.active].map((c) => this.pids.get(c)).filter((pid): pid is number => pid !== undefined);
    if (pids.length === 0) return;
    const sql = 'SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid';
    const lib = await loadPg();
    const client = new lib.Client({ ...this.clientConfig(), application_name: 'tsmodel-cancel' });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query(sql, [pids]);
    } catch (err) {
      throw asQueryError(err, sql);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Ends the pool (waiting for checked-out sessions to be released). open() may be called again. */
  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    const opening = this.opening;
    this.opening = undefined;
    const pool = this.pool ?? (await opening?.catch(() => undefined));
    this.pool = undefined;
    this.active.clear();
    if (pool && !pool.ended) await pool.end();
  }

  describe(): string {
    const t = this.target;
    return `${t.type} ${t.user}@${t.host}:${t.port}/${t.dbname}`;
  }

  /** The pool, opening it on first use; fails after close(). */
  private async ready(): Promise<pg.Pool> {
    if (!this.closed) await this.open();
    if (this.closed || !this.pool) throw this.closedError();
    return this.pool;
  }

  private closedError(): DatabaseError {
    return new DatabaseError(`the connection to ${this.describe()} was closed`, {
      sql: '',
      hint: 'The adapter was closed (the run ended or was cancelled); call open() to connect again.',
    });
  }

  private async checkout(): Promise<pg.PoolClient> {
    const pool = await this.ready();
    try {
      const client = await pool.connect();
      // A connection that drops while checked out emits 'error' on the client; the statement
      // in flight rejects on its own, so the event only needs a listener (or Node would crash).
      if (!SAFE_CLIENTS.has(client)) {
        SAFE_CLIENTS.add(client);
        client.on('error', () => {});
      }
      return client;
    } catch (err) {
      throw asQueryError(err, '');
    }
  }

  private async connect(generation: number): Promise<pg.Pool> {
    const attempts = Math.max(0, this.target.retries) + 1;
    const delayMs = Math.max(0, this.target.retryDelayMs);
    const lib = await loadPg();
    for (let attempt = 1; ; attempt++) {
      const pool = this.createPool(lib);
      try {
        const res = await pool.query('SHOW server_version_num');
        const num = Number.parseInt(String(res.rows[0]?.server_version_num), 10);
        if (Number.isFinite(num)) {
          this.capabilities.serverVersion = Math.floor(num / 10_000);
          this.capabilities.serverVersionNum = num;
        }
        if (generation !== this.generation) {
          await pool.end(); // close() was called meanwhile
          throw this.closedError();
        }
        this.pool = pool;
        return pool;
      } catch (err) {
        if (err instanceof DatabaseError) throw err;
        await pool.end().catch(() => {});
        const willRetry = attempt < attempts && isTransient(err);
        const wait = Math.round(delayMs * Math.max(1, this.target.retryBackoff ?? 1) ** (attempt - 1));
        this.onRetry?.(attempt, err, { attempts, willRetry, delayMs: wait });
        if (!willRetry) {
          throw new ConnectionError({
            endpoint: `${this.target.host}:${this.target.port}`,
            attempts: attempt,
            cause: err,
            password: this.target.password,
          });
        }
        await this.sleep(wait);
        if (generation !== this.generation) throw this.closedError();
      }
    }
  }

  /** The settings of one more connection to the target (templates' queries, sync-pg.ts), secret included. */
  sessionConfig(): pg.ClientConfig {
    return { ...this.clientConfig(), statement_timeout: this.target.statementTimeoutMs || undefined };
  }

  private clientConfig(): pg.ClientConfig {
    const t = this.target;
    return {
      host: t.host,
      port: t.port,
      user: t.user,
      password: t.password,
      database: t.dbname,
      ssl: sslOption(t.sslmode),
      connectionTimeoutMillis: t.connectTimeoutMs || DEFAULT_CONNECT_TIMEOUT_MS,
      application_name: 'tsmodel',
    };
  }

  private createPool(lib: typeof pg): pg.Pool {
    const pool = new lib.Pool({
      ...this.clientConfig(),
      max: Math.max(1, this.target.threads) + 2, // one more for the run lock's session
      statement_timeout: this.target.statementTimeoutMs ? this.target.statementTimeoutMs : undefined,
      // Awaited by the pool before it hands a new session out (the 'connect' event is
      // not: a query issued there would overlap the caller's, deprecated in pg 8.x).
      onConnect: async (client: pg.ClientBase) => {
        const res = await client.query('SELECT pg_backend_pid() AS pid');
        this.pids.set(client, Number(res.rows[0]?.pid));
      },
    });
    // An idle session that dies (server restart, pg_terminate_backend) is reported
    // here; without a listener Node would crash the process. The pool drops it.
    pool.on('error', () => {});
    pool.on('acquire', (client) => this.active.add(client));
    pool.on('release', (_err, client) => this.active.delete(client));
    pool.on('remove', (client) => this.active.delete(client as pg.PoolClient));
    return pool;
  }
}

/** libpq's sslmode, as far as pg can follow it ("prefer"/"allow" fall back to no TLS). */
function sslOption(mode: string | undefined): pg.ClientConfig['ssl'] {
  switch (mode) {
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return true;
    default:
      return undefined;
  }
}

async function run(client: pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult> {
  try {
    return toQueryResult(await client.query(sql, params === undefined ? undefined : [...params]));
  } catch (err) {
    throw asQueryError(err, sql);
  }
}

/** Checked-out clients already given an 'error' listener. */
const SAFE_CLIENTS = new WeakSet<pg.PoolClient>();

/**
 * A session's calls. `batches`: statements may go several to a simple query. Not on Citus: its coordinator
 * sends a DDL statement's whole query text on to the workers as one prepared statement, so a batch holding an
 * ALTER TABLE of a distributed or reference table fails there ("cannot insert multiple commands into a prepared
 * statement"); there each statement goes alone.
 */
function connectionOf(client: pg.PoolClient, batches: boolean): Connection {
  const conn: Connection = {
    query: (sql, params) => run(client, sql, params),
    copyFrom: (sql, source) => copyFrom(client, sql, source),
  };
  if (batches) conn.batch = (statements) => batchOn(client, statements);
  return conn;
}

/**
 * COPY … FROM STDIN streamed from the source through pg-copy-streams: constant memory (a source that can be
 * pulled, a seed's file, is read through one buffer: copy-pull.ts).
 */
async function copyFrom(client: pg.PoolClient, sql: string, source: CopySource): Promise<number> {
  const copyStreams = (await import('pg-copy-streams')).default;
  const ingest = client.query(copyStreams.from(sql));
  try {
    if (isPullSource(source.stream)) await pullInto(ingest, source.stream);
    else await pipeline(source.stream as NodeJS.ReadableStream, ingest);
    return Number(ingest.rowCount ?? 0);
  } catch (err) {
    throw asQueryError(err, sql);
  }
}

function toQueryResult(res: pg.QueryResult | pg.QueryResult[]): QueryResult {
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  if (!last) return { rows: [], rowCount: null, command: '', fields: [] };
  return {
    rows: last.rows as Record<string, unknown>[],
    rowCount: last.rowCount ?? null,
    command: last.command ?? '',
    fields: (last.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  };
}
