import type pg from 'pg';
import { Worker } from 'node:worker_threads';
import { asQueryError, DatabaseError } from './errors.js';
import { PgliteWorkerError } from './pglite-session.js';
import { SyncChannel, type SyncReply, type SyncRows } from './sync-channel.js';

const WORKER = new URL('./sync-pg-worker.mjs', import.meta.url);
/** How long close() waits for the worker to end its connection before it stops the thread. */
const CLOSE_WAIT_MS = 5_000;

/**
 * Templates' queries on PostgreSQL: a worker thread with its own connection to the target
 * (sync-pg-worker.mjs), started on the first query and ended by close(). statement_timeout is the
 * server's (set on that connection); a cancel from another session (pg_cancel_backend) fails the query
 * with 57014 as it would any statement.
 */
export class PostgresSyncBridge {
  private channel?: SyncChannel;
  private worker?: Worker;
  private closed = false;

  constructor(
    readonly type: string,
    private readonly config: pg.ClientConfig,
    private readonly endpoint: string,
  ) {}

  query(sql: string): SyncRows {
    if (this.closed)
      throw new DatabaseError(`the template connection to ${this.endpoint} was closed`, {
        sql,
        hint: 'The run ended; templates query the database only while a command runs.',
      });
    const reply = this.start().request<SyncReply>({ sql });
    if (reply === 'timed-out' || reply === 'stopped') {
      this.stop();
      throw new DatabaseError(`the connection of templates to ${this.endpoint} stopped`, { sql });
    }
    if ('error' in reply) throw asQueryError(new PgliteWorkerError(reply.error), sql);
    return reply.result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.channel) this.channel.request({ op: 'close' }, CLOSE_WAIT_MS);
    await this.stop();
  }

  private start(): SyncChannel {
    if (this.channel) return this.channel;
    const channel = new SyncChannel();
    const { port, flag } = channel.remote;
    const config = { ...this.config, application_name: 'tsmodel-template' };
    this.worker = new Worker(WORKER, { workerData: { port, flag, config }, transferList: [port] });
    this.worker.unref();
    this.channel = channel;
    return channel;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.channel?.close();
    [this.channel, this.worker] = [undefined, undefined];
    await worker?.terminate();
  }
}
