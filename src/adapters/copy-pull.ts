import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** A source that fills a buffer of the reader's own (project/csv-file-stream.ts): 0 at its end. */
export interface PullSource {
  pull(into: Buffer): Promise<number>;
  destroy(error?: Error): void;
}

export function isPullSource(stream: unknown): stream is PullSource {
  return typeof (stream as Partial<PullSource>).pull === 'function';
}

const CHUNK = 1024 * 1024;
/**
 * A write at least this long that the socket took at once was written out whole: a Writable says it can take
 * more (so the COPY stream calls back without waiting for 'drain') only while what it still holds is under its
 * high-water mark (16 KB for a socket). A shorter chunk may still be queued, so its buffer is not reused.
 */
const REUSED_FROM = 64 * 1024;

/**
 * Feeds a COPY … FROM STDIN stream (pg-copy-streams) from `source` through one buffer: each chunk is written, and
 * the next read waits until the stream has called back, when the socket has taken the chunk. Memory stays one
 * buffer whatever the file's size. A failing read cancels the COPY (the stream is destroyed: CopyFail); a failing
 * COPY (the server's error, a cancel) is thrown as the stream reports it.
 */
export async function pullInto(ingest: Writable, source: PullSource): Promise<void> {
  const done = finished(ingest);
  done.catch(() => undefined); // awaited below; until then an error must not go unhandled
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      ingest.write(chunk, (err) => (err ? reject(err) : resolve()));
    });
  let buf = Buffer.allocUnsafeSlow(CHUNK);
  try {
    for (;;) {
      const n = await source.pull(buf);
      if (n === 0) break;
      // The stream's own error (what failed on the server) wins over the write's "stream destroyed".
      await Promise.race([write(buf.subarray(0, n)), done]);
      if (n < REUSED_FROM) buf = Buffer.allocUnsafeSlow(CHUNK);
    }
    ingest.end();
    await done;
  } catch (err) {
    if (!ingest.destroyed) ingest.destroy(err as Error);
    await done.catch(() => undefined);
    throw err;
  } finally {
    source.destroy();
  }
}
