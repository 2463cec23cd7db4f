import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SyncChannel, type SyncReply } from './sync-channel.js';
import { startWarmWorker, takeWarmWorker } from './pglite-warm.js';

/** One statement's result as PGlite gives it (what crosses from the worker). */
export interface PgliteResult {
  rows: Record<string, unknown>[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
  command?: string;
  rowCount?: number;
}

/** What the worker reports of an error: PGlite's fields (code = SQLSTATE, detail, hint, where, position …). */
export type PgliteErrorFields = { message: string } & Record<string, unknown>;

/** An error thrown inside the worker, rebuilt with the fields toDatabaseError reads. */
export class PgliteWorkerError extends Error {
  constructor(fields: PgliteErrorFields) {
    super(fields.message);
    Object.assign(this, fields);
  }
}

type Request =
  | { op: 'query'; sql: string; params?: unknown[]; blob?: Uint8Array }
  | { op: 'exec'; sql: string }
  | { op: 'batch'; statements: readonly string[] }
  | { op: 'dump' }
  | { op: 'sync-channel'; port: unknown; flag: SharedArrayBuffer }
  | { op: 'close' };
type Reply = { id: number; result?: unknown; error?: PgliteErrorFields };
type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

export const WORKER = new URL('./pglite-worker.mjs', import.meta.url);
export const ENTRY = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href.replace(
  /index\.cjs$/,
  'index.js',
);

/**
 * One PGlite database running in a worker thread. The main thread stays free
 * while a statement runs, so a cancel can stop the worker mid-statement
 * (abandon()), the way PostgreSQL's crash recovery expects a backend to die:
 * the next open rolls the unfinished transaction back.
 */
export class PgliteSession {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private ended?: Error;
  private sync?: SyncChannel;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(new PgliteWorkerError(m.error));
      else p.resolve(m.result);
    });
    const end = (err: Error) => {
      this.ended ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`the PGlite worker thread stopped (exit code ${code})`)));
  }

  /**
   * Starts a worker that loads PGlite and compiles its WebAssembly now, for the next open() to take (pglite-warm.ts):
   * what a command does before its first statement then overlaps PGlite's start.
   */
  static prewarm(): void {
    startWarmWorker(WORKER, ENTRY);
  }

  /** Starts the worker and opens the database at `path` (a folder, or memory://, optionally from a dump) in it. */
  static open(path: string, image?: Uint8Array): Promise<PgliteSession> {
    const worker = takeWarmWorker(path, image) ?? new Worker(WORKER, { workerData: { path, entry: ENTRY, image } });
    return new Promise((resolve, reject) => {
      const fail = (err: unknown) => {
        void worker.terminate();
        reject(err);
      };
      worker.once('message', (m: { type: string; error?: PgliteErrorFields }) => {
        worker.off('error', fail);
        if (m.type === 'ready') resolve(new PgliteSession(worker));
        else fail(new PgliteWorkerError(m.error ?? { message: 'PGlite failed to open' }));
      });
      worker.once('error', fail);
    });
  }

  /** A statement is running (or queued) in the worker. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  query(sql: string, params: unknown[] = [], blob?: Uint8Array): Promise<PgliteResult> {
    return this.send({ op: 'query', sql, params, blob }) as Promise<PgliteResult>;
  }

  exec(sql: string): Promise<PgliteResult[]> {
    return this.send({ op: 'exec', sql }) as Promise<PgliteResult[]>;
  }

  /**
   * Several statements, each run with exec() in turn, in one request to the worker; each one's (last) result,
   * null for one without. A failure rejects with a PgliteWorkerError whose batchIndex names the statement.
   */
  batch(statements: readonly string[]): Promise<(PgliteResult | null)[]> {
    return this.send({ op: 'batch', statements }) as Promise<(PgliteResult | null)[]>;
  }

  /** The whole database as a gzipped tarball (PGlite's dumpDataDir). */
  dump(): Promise<Uint8Array> {
    return this.send({ op: 'dump' }) as Promise<Uint8Array>;
  }

  /**
   * A template's query, answered while this thread waits (sync-channel.ts), at most `timeoutMs`. It queues
   * behind the statements already sent; inside an open transaction it runs under a savepoint.
   */
  querySync(sql: string, several: boolean, timeoutMs?: number): SyncReply | 'timed-out' | 'stopped' {
    if (this.ended) return { error: { message: this.ended.message } };
    if (!this.sync) {
      this.sync = new SyncChannel();
      const { port, flag } = this.sync.remote;
      this.worker.postMessage({ id: 0, op: 'sync-channel', port, flag }, [port]);
    }
    return this.sync.request<SyncReply>({ sql, several }, timeoutMs);
  }

  /** Closes the database cleanly (waiting for the statement in progress), then ends the worker. */
  async close(): Promise<void> {
    if (this.ended) return;
    await this.send({ op: 'close' }).catch(() => {});
    this.sync?.close();
    await this.worker.terminate();
  }

  /**
   * Stops the worker at once, even in the middle of a statement: the
   * statement and its transaction are lost, as if the process had been
   * killed, and the next open of the folder recovers (rolls them back).
   */
  async abandon(): Promise<void> {
    await this.worker.terminate();
  }

  private send(req: Request): Promise<unknown> {
    if (this.ended) return Promise.reject(this.ended);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const blob = 'blob' in req ? req.blob : undefined;
      this.worker.postMessage({ id, ...req }, blob ? [blob.buffer as ArrayBuffer] : []);
    });
  }
}
