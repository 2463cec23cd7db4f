import { Worker } from 'node:worker_threads';
import { TsmodelError } from '../errors/index.js';
import type { PgliteTarget } from '../config/types.js';
import { ConnectionError, DatabaseError, asQueryError } from './errors.js';
import { tryLockFolder } from './folder-lock.js';
import { ENTRY, PgliteWorkerError, WORKER } from './pglite-session.js';
import { hasSeveralStatements } from './sql-text.js';
import { SyncChannel, type SyncReply, type SyncRows } from './sync-channel.js';

const MEMORY = 'memory://';
/** How long opening the folder may take (PGlite's start, WAL recovery included). */
const OPEN_MS = 120_000;

/**
 * Templates' queries on PGlite for a command that is synchronous all through (`compile`): on the first
 * query the folder is locked (without waiting: a busy folder is an error naming its holder) and PGlite is
 * opened in a worker thread answering only the synchronous channel; close() closes it and releases the lock.
 */
export class PgliteSyncDatabase {
  readonly type = 'pglite';
  private channel?: SyncChannel;
  private worker?: Worker;
  private release?: () => void;

  constructor(
    private readonly target: PgliteTarget,
    private readonly command: string,
  ) {}

  query(sql: string): SyncRows {
    const channel = this.channel ?? this.open();
    const reply = channel.request<SyncReply>({ sql, several: hasSeveralStatements(sql) });
    if (reply === 'timed-out' || reply === 'stopped')
      throw new DatabaseError(`the PGlite database at ${this.target.path} stopped`, { sql });
    if ('error' in reply) throw asQueryError(new PgliteWorkerError(reply.error), sql);
    return reply.result;
  }

  close(): Promise<void> {
    if (this.channel) this.channel.request({ op: 'close' }, OPEN_MS);
    this.channel?.close();
    const worker = this.worker;
    [this.channel, this.worker] = [undefined, undefined];
    this.release?.();
    this.release = undefined;
    return worker ? worker.terminate().then(() => undefined) : Promise.resolve();
  }

  private open(): SyncChannel {
    const path = this.target.path;
    if (path === MEMORY)
      throw new TsmodelError('template', 'A template queries the database, but an in-memory PGlite has no data yet', {
        hint: 'Use a folder for the PGlite target, or build first in the same process (tsmodel build).',
      });
    const lock = tryLockFolder(path, this.command);
    if ('holder' in lock)
      throw new TsmodelError('connection', `The PGlite folder ${path} is in use (${lock.holder})`, {
        hint: 'A template of this command queries the database: run it when that process has finished.',
      });
    this.release = lock.release;
    const channel = new SyncChannel();
    const { port, flag } = channel.remote;
    this.worker = new Worker(WORKER, {
      workerData: { path, entry: ENTRY, sync: { port, flag } },
      transferList: [port],
    });
    this.worker.unref();
    this.channel = channel;
    const ready = channel.awaitReply<SyncReply>(OPEN_MS);
    if (ready === 'timed-out' || ready === 'stopped' || 'error' in ready) {
      void this.close();
      const cause = typeof ready === 'object' ? new PgliteWorkerError(ready.error) : new Error(String(ready));
      throw new ConnectionError({ endpoint: `PGlite at ${path}`, attempts: 1, cause });
    }
    return channel;
  }
}
