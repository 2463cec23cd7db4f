import { faultPause } from './fault-pause.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import type { PgliteTarget } from '../config/types.js';
import { TsmodelError } from '../errors/index.js';
import type { Adapter, AdapterCapabilities, AdapterOptions, Connection, QueryResult } from './types.js';
import { ConnectionError, DatabaseError, asQueryError } from './errors.js';
import { hasSeveralStatements } from './sql-text.js';
import { BatchError, localError } from './batch.js';
import { LazyTransaction } from './lazy-transaction.js';
import { LockBusy, LockWaitCancelled, lockBusyError, lockFolder } from './folder-lock.js';
import { takeEarlyOpen } from './pglite-early.js';
import { PgliteSession, PgliteWorkerError } from './pglite-session.js';
import type { SyncRows } from './sync-channel.js';
import { SessionLock, StatementTimeout, copyInChunks, settlesWithin, toQueryResult } from './pglite-parts.js';
import { diskFullError, diskFullHint, freeMegabytes, isDiskFull, NEEDED_MB } from './disk-full.js';

const MEMORY = 'memory://';
/** After a disk-full error PGlite may spin instead of answering: how long ROLLBACK and close may take before the worker is stopped. */
const AFTER_DISK_FULL_MS = 10_000;

/**
 * The embedded PostgreSQL (PGlite, PostgreSQL 18 in WebAssembly), stored at
 * target.path ("memory://" for an in-memory database).
 *
 * PGlite runs in a worker thread (pglite-session.ts), so the main thread
 * stays free during a statement: Ctrl-C is seen at once, and cancel() stops
 * the worker mid-statement. The folder is opened only while holding its lock
 * file (folder-lock.ts): a second process waits (up to lock_timeout) before
 * it opens anything.
 *
 * PGlite is ONE session. The adapter hands it out like a pool of one:
 * query(), transaction() and withConnection() queue behind each other.
 * Calling the adapter itself (instead of the `conn` given to the callback)
 * from inside transaction()/withConnection() would wait for itself forever,
 * so it throws.
 *
 * Several statements in one query() text (without params) go through exec(),
 * which runs them as one transaction; the result is the last statement's.
 */
export class PgliteAdapter implements Adapter {
  readonly type = 'pglite';
  readonly capabilities: AdapterCapabilities = { maxConcurrency: 1 };
  private readonly target: PgliteTarget;
  private readonly options: AdapterOptions;
  private readonly lock = new SessionLock();
  private readonly scope = new AsyncLocalStorage<{ active: boolean; what: string }>();
  private session?: PgliteSession;
  private opening?: Promise<PgliteSession>;
  private releaseFolder?: () => void;
  private closed = false;
  private cancelled = false;
  /** The disk-full error that stopped the session: later statements fail with it without touching the folder. */
  private diskFull?: DatabaseError;
  /** A close in progress: a reopen waits for it (two PGlite instances must never share a folder). */
  private closing?: Promise<void>;

  private readonly image?: () => Promise<Blob | undefined>;

  // `image`: an in-memory database starts from this dump of an empty one (skipping initdb, seconds).
  constructor(target: PgliteTarget, options: AdapterOptions = {}, image?: () => Promise<Blob | undefined>) {
    this.target = target;
    this.options = options;
    this.image = image;
  }

  /** The whole database as a gzipped tarball (PGlite's dumpDataDir), e.g. to start the next one from. */
  async dump(): Promise<Blob> {
    const session = await this.ready('dump');
    return new Blob([(await this.lock.run(() => session.dump())) as Uint8Array<ArrayBuffer>]);
  }

  /** Opens (creating the folder and the database if needed); idempotent. Reopens after close()/cancel(). */
  open(): Promise<void> {
    this.closed = false;
    this.cancelled = false;
    this.diskFull = undefined;
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
      const session = await this.ready('BEGIN');
      const tx = new LazyTransaction(this.connection(session));
      const scope = { active: true, what: 'transaction' };
      let result: T;
      try {
        result = await this.scope.run(scope, () => fn(tx.connection));
      } catch (err) {
        if (tx.open) await this.rollback(session);
        throw err;
      } finally {
        scope.active = false;
      }
      await tx.finish();
      return result;
    });
  }

  /** The session without a transaction; afterwards DISCARD ALL drops its temp tables and SETs. */
  async withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    this.assertOutsideSession('withConnection');
    return this.lock.run(async () => {
      const session = await this.ready('');
      const scope = { active: true, what: 'withConnection' };
      try {
        return await this.scope.run(scope, () => fn(this.connection(session)));
      } finally {
        scope.active = false;
        if (!this.closed && !this.diskFull) await session.exec('DISCARD ALL').catch(() => {});
      }
    });
  }

  /**
   * Fails every statement not yet started with SQLSTATE 57014. A statement
   * in flight is abandoned: the worker thread is stopped in the middle of
   * it (PostgreSQL sees a crash), then the folder is opened once more, which
   * replays the write-ahead log and rolls the unfinished transaction back,
   * and closed cleanly. The folder keeps what the last commit left.
   */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.shutdown(true);
  }

  async close(): Promise<void> {
    await this.shutdown(false);
  }

  describe(): string {
    return `pglite ${this.target.path}`;
  }

  /**
   * A template's query, answered synchronously (sync-bridge.ts) on the open session, in order with the
   * statements already sent. statement_timeout as for query(): past it the worker is abandoned (the next
   * statement reopens the folder) and the query fails with 57014.
   */
  querySync(sql: string): SyncRows {
    if (this.diskFull) throw this.diskFull;
    const session = this.session;
    if (this.closed || !session) throw this.closedError(sql);
    const ms = this.target.path === MEMORY ? undefined : this.target.statementTimeoutMs || undefined;
    const reply = session.querySync(sql, hasSeveralStatements(sql), ms);
    if (reply === 'timed-out') {
      void session.abandon();
      if (this.session === session) [this.session, this.opening] = [undefined, undefined];
      throw new DatabaseError(`canceling statement due to statement timeout (${ms} ms)`, { sqlstate: '57014', sql });
    }
    if (reply === 'stopped') throw this.closedError(sql);
    if ('error' in reply) throw asQueryError(new PgliteWorkerError(reply.error), sql);
    return reply.result;
  }

  private shutdown(abandon: boolean): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    const closing = (async () => {
      await this.closing;
      const session = this.session ?? (await opening?.catch(() => undefined));
      this.session = undefined;
      try {
        if (session) await this.endSession(session, abandon);
      } finally {
        this.releaseFolder?.();
        this.releaseFolder = undefined;
      }
    })();
    this.closing = closing;
    return closing.finally(() => {
      if (this.closing === closing) this.closing = undefined;
    });
  }

  /** Closes cleanly (waiting for the statement in progress), or stops the worker and lets PostgreSQL recover the folder. */
  private async endSession(session: PgliteSession, abandon: boolean): Promise<void> {
    const stuck = this.diskFull !== undefined;
    if (!(abandon && session.busy)) {
      if (!stuck) return session.close();
      if (await settlesWithin(session.close(), AFTER_DISK_FULL_MS)) return;
    }
    await session.abandon();
    if (this.target.path === MEMORY || stuck) return;
    // Recovery now, while this process still holds the folder's lock: the next run finds it clean.
    await faultPause('pglite-recovery');
    const again = await PgliteSession.open(this.target.path).catch(() => undefined);
    await again?.close();
  }

  private async start(): Promise<PgliteSession> {
    const path = this.target.path;
    let session: PgliteSession | undefined;
    await this.closing?.catch(() => {});
    try {
      // Opened early (pglite-early.ts: under the lock file, while the project loaded)? Then it is ours.
      const early = path === MEMORY ? undefined : takeEarlyOpen(path);
      if (early) this.releaseFolder ??= early.release;
      else if (path !== MEMORY) {
        await mkdir(path, { recursive: true });
        this.releaseFolder ??= await lockFolder(path, this.options.command ?? 'run', {
          timeoutMs: this.target.lockTimeoutMs ?? 60_000,
          onWait: this.options.onLockWait,
          cancelled: () => this.closed,
        });
        await faultPause('pglite-locked');
      }
      const image = path === MEMORY && this.image ? await this.image() : undefined;
      session = await (early?.session ??
        PgliteSession.open(path, image ? new Uint8Array(await image.arrayBuffer()) : undefined));
      const res = await session.query('SHOW server_version_num');
      const num = Number.parseInt(String(res.rows[0]?.server_version_num), 10);
      if (Number.isFinite(num)) {
        this.capabilities.serverVersion = Math.floor(num / 10_000);
        this.capabilities.serverVersionNum = num;
      }
      this.session = session;
      return session;
    } catch (err) {
      await session?.close().catch(() => {});
      this.releaseFolder?.();
      this.releaseFolder = undefined;
      if (err instanceof LockBusy) throw lockBusyError(this.target.name, err.holder, err.timeoutMs);
      if (err instanceof LockWaitCancelled) throw this.closedError('', err);
      const free = path === MEMORY ? undefined : freeMegabytes(path);
      throw new ConnectionError({
        endpoint: `PGlite at ${path}`,
        attempts: 1,
        cause: err,
        hint:
          free !== undefined && free < NEEDED_MB
            ? diskFullHint(path)
            : 'Check that the folder is writable. If the database is damaged, delete the folder: the next run rebuilds seeds and models.',
      });
    }
  }

  private async ready(sql: string): Promise<PgliteSession> {
    if (this.diskFull) throw this.diskFull;
    if (!this.closed) await this.open();
    if (this.closed || !this.session) throw this.closedError(sql);
    return this.session;
  }

  /** ROLLBACK after a failure in a transaction (not when cancelled: the session is gone; bounded after a full disk). */
  private async rollback(session: PgliteSession): Promise<void> {
    if (this.closed) return;
    const done = session.exec('ROLLBACK').catch(() => {});
    if (this.diskFull && !(await settlesWithin(done, AFTER_DISK_FULL_MS))) await session.abandon();
    await done;
  }

  private connection(session: PgliteSession): Connection {
    return {
      query: (sql, params) => this.run(session, sql, params),
      copyFrom: (sql, source) =>
        copyInChunks(
          (statement, blob) => this.call(session, sql, () => session.query(statement, [], blob)),
          sql,
          source,
          () => this.diskFull === undefined,
        ),
      batch: async (statements) => {
        const text = statements.join('\n;\n');
        try {
          const results = await this.call(session, text, () => session.batch(statements));
          return results.map((r) => toQueryResult(r ?? undefined));
        } catch (err) {
          const index = err instanceof DatabaseError ? (err.cause as { batchIndex?: unknown })?.batchIndex : undefined;
          if (typeof index !== 'number') throw err;
          throw new BatchError(index, localError(err as DatabaseError, statements[index]!, undefined));
        }
      },
    };
  }

  private async run(session: PgliteSession, sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    if (params !== undefined && params.length > 0)
      return toQueryResult(await this.call(session, sql, () => session.query(sql, [...params])));
    if (hasSeveralStatements(sql)) {
      const results = await this.call(session, sql, () => session.exec(sql));
      return toQueryResult(results[results.length - 1]);
    }
    return toQueryResult(await this.call(session, sql, () => session.query(sql)));
  }

  /** One request to the worker, its errors made ours; a full disk stops the session (see diskFull). */
  private async call<R>(session: PgliteSession, sql: string, request: () => Promise<R>): Promise<R> {
    if (this.diskFull) throw this.diskFull;
    if (this.closed) throw this.closedError(sql);
    try {
      return await this.withinTimeout(session, request());
    } catch (err) {
      if (err instanceof StatementTimeout)
        throw new DatabaseError(`canceling statement due to statement timeout (${err.ms} ms)`, {
          sqlstate: '57014',
          sql,
          hint: "The target's statement_timeout stopped it; its transaction was rolled back. Raise statement_timeout if it needs longer.",
        });
      if (this.closed) throw this.closedError(sql, err);
      if (isDiskFull(err) && this.target.path !== MEMORY) {
        this.diskFull ??= diskFullError(this.target.path, sql, err);
        throw this.diskFull;
      }
      throw asQueryError(err, sql);
    }
  }

  /**
   * The target's statement_timeout, which PGlite itself does not enforce (it
   * has no timer interrupts): a statement still running after it is
   * abandoned with its worker, and the next statement reopens the folder
   * (PostgreSQL's recovery rolls the transaction back). Not for memory://,
   * whose data would go with the worker.
   */
  private async withinTimeout<R>(session: PgliteSession, pending: Promise<R>): Promise<R> {
    const ms = this.target.statementTimeoutMs;
    if (!ms || this.target.path === MEMORY) return pending;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StatementTimeout(ms)), ms)));
    try {
      return await Promise.race([pending, timeout]);
    } catch (err) {
      if (err instanceof StatementTimeout) {
        pending.catch(() => {});
        await session.abandon();
        if (this.session === session) {
          this.session = undefined;
          this.opening = undefined;
        }
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private closedError(sql: string, cause?: unknown): DatabaseError {
    if (this.cancelled) {
      return new DatabaseError('canceling statement: the run was cancelled (the PGlite statement was abandoned)', {
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
