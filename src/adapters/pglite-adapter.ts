import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Results, Transaction } from '@electric-sql/pglite';
import type { PgliteTarget } from '../config/types.js';
import { TsmodelError } from '../errors/index.js';
import type { Adapter, AdapterCapabilities, AdapterOptions, Connection, QueryResult } from './types.js';
import { ConnectionError, DatabaseError, asQueryError } from './errors.js';
import { hasSeveralStatements } from './sql-text.js';
import { csvChunks, shiftCopyLine } from './csv-chunks.js';
import type { CopySource } from './types.js';

const MEMORY = 'memory://';

/** Hands the one session out to one user at a time, in call order. */
class SessionLock {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

type Runner = Pick<PGlite, 'query' | 'exec'> | Transaction;

/**
 * The embedded PostgreSQL (PGlite, PostgreSQL 18 in WebAssembly), stored at
 * target.path ("memory://" for an in-memory database).
 *
 * PGlite is ONE session, and a running statement blocks the Node.js event
 * loop. The adapter hands the session out like a pool of one: query(),
 * transaction() and withConnection() queue behind each other. Calling the
 * adapter itself (instead of the `conn` given to the callback) from inside
 * transaction()/withConnection() would wait for itself forever, so it throws.
 *
 * Several statements in one query() text (without params) go through exec(),
 * which runs them as one transaction; the result is the last statement's.
 */
export class PgliteAdapter implements Adapter {
  readonly type = 'pglite';
  readonly capabilities: AdapterCapabilities = { maxConcurrency: 1 };
  private readonly target: PgliteTarget;
  private readonly lock = new SessionLock();
  private readonly scope = new AsyncLocalStorage<{ active: boolean; what: string }>();
  private db?: PGlite;
  private opening?: Promise<PGlite>;
  private closed = false;
  private cancelled = false;
  /** A close in progress: a reopen waits for it (two PGlite instances must never share a folder). */
  private closing?: Promise<void>;

  private readonly image?: () => Promise<Blob | undefined>;

  // Options are accepted for symmetry with PostgresAdapter; opening a folder is not retried.
  // `image`: an in-memory database starts from this dump of an empty one (skipping initdb, seconds).
  constructor(target: PgliteTarget, _options: AdapterOptions = {}, image?: () => Promise<Blob | undefined>) {
    this.target = target;
    this.image = image;
  }

  /** The whole database as a gzipped tarball (PGlite's dumpDataDir), e.g. to start the next one from. */
  async dump(): Promise<Blob> {
    const db = await this.ready('dump');
    return this.lock.run(() => db.dumpDataDir('gzip'));
  }

  /** Opens (creating the folder and the database if needed); idempotent. Reopens after close()/cancel(). */
  open(): Promise<void> {
    this.closed = false;
    this.cancelled = false;
    this.opening ??= this.start().catch((err: unknown) => {
      this.opening = undefined;
      throw err;
    });
    return this.opening.then(() => undefined);
  }

  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    this.assertOutsideSession('query');
    return this.lock.run(async () => this.run(await this.ready(sql), sql, params));
  }

  async transaction<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    this.assertOutsideSession('transaction');
    return this.lock.run(async () => {
      const db = await this.ready('BEGIN');
      const scope = { active: true, what: 'transaction' };
      let fromFn: { err: unknown } | undefined;
      try {
        return await this.scope.run(scope, () =>
          db.transaction(async (tx) => {
            try {
              return await fn(this.connection(tx));
            } catch (err) {
              fromFn = { err };
              throw err;
            }
          }),
        );
      } catch (err) {
        if (fromFn && fromFn.err === err) throw err;
        throw this.closed ? this.closedError('COMMIT', err) : asQueryError(err, 'COMMIT');
      } finally {
        scope.active = false;
      }
    });
  }

  /** The session without a transaction; afterwards DISCARD ALL drops its temp tables and SETs. */
  async withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    this.assertOutsideSession('withConnection');
    return this.lock.run(async () => {
      const db = await this.ready('');
      const scope = { active: true, what: 'withConnection' };
      try {
        return await this.scope.run(scope, () => fn(this.connection(db)));
      } finally {
        scope.active = false;
        if (!this.closed && !db.closed) await db.exec('DISCARD ALL').catch(() => {});
      }
    });
  }

  /**
   * A statement already running inside PGlite can't be interrupted (it holds
   * the event loop); this fails every statement not yet started with SQLSTATE
   * 57014 and closes the database cleanly once the current one ends.
   */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.shutdown();
  }

  async close(): Promise<void> {
    await this.shutdown();
  }

  private shutdown(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    const closing = (async () => {
      await this.closing;
      const db = this.db ?? (await opening?.catch(() => undefined));
      this.db = undefined;
      // PGlite's close() waits for a statement or transaction in progress.
      if (db && !db.closed) await db.close();
    })();
    this.closing = closing;
    return closing.finally(() => {
      if (this.closing === closing) this.closing = undefined;
    });
  }

  describe(): string {
    return `pglite ${this.target.path}`;
  }

  private async start(): Promise<PGlite> {
    const path = this.target.path;
    let db: PGlite | undefined;
    await this.closing?.catch(() => {});
    try {
      if (path !== MEMORY) await mkdir(path, { recursive: true });
      const loadDataDir = path === MEMORY && this.image ? await this.image() : undefined;
      db = await PGlite.create(path, loadDataDir ? { loadDataDir } : undefined);
      const res = await db.query<{ server_version_num: string }>('SHOW server_version_num');
      const num = Number.parseInt(String(res.rows[0]?.server_version_num), 10);
      if (Number.isFinite(num)) {
        this.capabilities.serverVersion = Math.floor(num / 10_000);
        this.capabilities.serverVersionNum = num;
      }
      this.db = db;
      return db;
    } catch (err) {
      await db?.close().catch(() => {});
      throw new ConnectionError({
        endpoint: `PGlite at ${path}`,
        attempts: 1,
        cause: err,
        hint:
          'Check that the folder is writable and not open in another tsmodel process. If the database is damaged, ' +
          'delete the folder: the next run rebuilds seeds and models.',
      });
    }
  }

  private async ready(sql: string): Promise<PGlite> {
    if (!this.closed) await this.open();
    if (this.closed || !this.db) throw this.closedError(sql);
    return this.db;
  }

  private connection(runner: Runner): Connection {
    return {
      query: (sql, params) => this.run(runner, sql, params),
      copyFrom: (sql, source) => this.copyFrom(runner, sql, source),
    };
  }

  /**
   * PGlite's COPY reads a whole blob from /dev/blob, so the stream is cut
   * into chunks of a few MB between records, each loaded by its own COPY;
   * a COPY error's line is shifted back to the file's line.
   */
  private async copyFrom(runner: Runner, sql: string, source: CopySource): Promise<number> {
    const fromBlob = sql.replace(/from stdin/i, "from '/dev/blob'");
    let rows = 0;
    let first = true;
    for await (const chunk of csvChunks(source.stream as AsyncIterable<Buffer>, source.quote)) {
      const statement = first || !source.header ? fromBlob : fromBlob.replace(/header true/i, 'header false');
      first = false;
      try {
        const res = await runner.query(statement, [], { blob: new Blob([new Uint8Array(chunk.data)]) });
        rows += res.affectedRows ?? 0;
      } catch (err) {
        const e = asQueryError(err, sql);
        if (e instanceof DatabaseError && e.where) {
          throw new DatabaseError(e.message, {
            sqlstate: e.sqlstate,
            detail: e.detail,
            hint: e.hint,
            where: shiftCopyLine(e.where, chunk.startLine),
            sql,
            cause: err,
          });
        }
        throw e;
      }
    }
    return rows;
  }

  private async run(runner: Runner, sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    if (this.closed) throw this.closedError(sql);
    try {
      if (params !== undefined && params.length > 0) return toQueryResult(await runner.query(sql, [...params]));
      if (hasSeveralStatements(sql)) {
        const results = await runner.exec(sql);
        return toQueryResult(results[results.length - 1]);
      }
      return toQueryResult(await runner.query(sql));
    } catch (err) {
      throw this.closed ? this.closedError(sql, err) : asQueryError(err, sql);
    }
  }

  private closedError(sql: string, cause?: unknown): DatabaseError {
    if (this.cancelled) {
      return new DatabaseError('canceling statement: the PGlite database was closed by cancel()', {
        sqlstate: '57014',
        sql,
        cause,
      });
    }
    return new DatabaseError(`the PGlite database at ${this.target.path} is closed`, {
      sql,
      cause,
      hint: 'The adapter was closed (the run ended); call open() to open it again.',
    });
  }

  private assertOutsideSession(method: string): void {
    const scope = this.scope.getStore();
    if (scope?.active) {
      throw new TsmodelError(
        'internal',
        `adapter.${method}() was called inside adapter.${scope.what}() on PGlite, ` +
          'which has one session: it would wait for itself forever',
        { hint: `Run the statement on the connection passed to the ${scope.what}() callback.` },
      );
    }
  }
}

function toQueryResult(res: Results | undefined): QueryResult {
  if (!res) return { rows: [], rowCount: null, command: '', fields: [] };
  const command = res.command ?? '';
  return {
    rows: res.rows as Record<string, unknown>[],
    // rowCount is per statement (from the command tag); affectedRows adds up across exec() and is 0 for SELECT.
    rowCount: res.rowCount ?? (command === 'SELECT' ? res.rows.length : null),
    command,
    fields: res.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  };
}
