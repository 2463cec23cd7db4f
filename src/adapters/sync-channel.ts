import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * The synchronous half of a request channel to a worker thread: the caller
 * (a template rendering on this thread) posts a request and blocks in
 * Atomics.wait until the worker has posted its reply and raised the flag,
 * then takes the reply off the port with receiveMessageOnPort, without the
 * event loop. The worker side (pglite-worker.mjs, sync-pg-worker.mjs) answers
 * one request at a time: reply, then Atomics.store(flag, 0, 1) and notify; on
 * its way out it stores 2, so a waiting caller does not wait forever.
 */
/** The flag's value when the worker thread is exiting (it will not answer). */
const STOPPED = 2;

export class SyncChannel {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly local: MessagePort;
  /** What the worker needs: its end of the port (transfer it) and the flag's shared memory. */
  readonly remote: { port: MessagePort; flag: SharedArrayBuffer };

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.local = port1;
    this.remote = { port: port2, flag: this.flag.buffer as SharedArrayBuffer };
  }

  /**
   * Sends one request and waits for its reply, at most `timeoutMs` (no limit
   * when undefined): 'timed-out' then, and the reply, if one ever comes, is
   * dropped by the next request.
   */
  request<R>(message: unknown, timeoutMs?: number): R | 'timed-out' | 'stopped' {
    while (receiveMessageOnPort(this.local) !== undefined); // a late reply to a request that timed out
    Atomics.store(this.flag, 0, 0);
    this.local.postMessage(message);
    return this.awaitReply<R>(timeoutMs);
  }

  /** Waits for the worker's next message (its reply, or what it sends unasked, e.g. that it is ready). */
  awaitReply<R>(timeoutMs?: number): R | 'timed-out' | 'stopped' {
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return 'timed-out';
      Atomics.wait(this.flag, 0, 0, Number.isFinite(left) ? left : undefined);
      if (Atomics.load(this.flag, 0) === 0) continue;
      const reply = receiveMessageOnPort(this.local);
      if (reply !== undefined) return reply.message as R;
      if (Atomics.load(this.flag, 0) === STOPPED) return 'stopped';
      Atomics.store(this.flag, 0, 0); // raised without a message: wait again
    }
  }

  close(): void {
    this.local.close();
  }
}

/** One query's result as it crosses from a worker: rows as arrays (duplicate column names survive). */
export interface SyncRows {
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[][];
  command: string;
  rowCount: number | null;
}

/** What a worker's sync side sends back. */
export type SyncReply = { result: SyncRows } | { error: { message: string } & Record<string, unknown> };
