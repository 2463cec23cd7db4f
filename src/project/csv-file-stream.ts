import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** How much of the file one read takes. */
export const CSV_READ_SIZE = 1024 * 1024;

/**
 * A CSV file's bytes without a leading UTF-8 BOM, each chunk shown to `observe` as it passes. Read it as a stream
 * (a fresh buffer per read), or pull it into a buffer of the reader's own (`pull`): a reader that knows when it
 * is done with a chunk — the PostgreSQL COPY, once the socket has taken it — reuses one buffer for the whole
 * file instead of leaving a dead 1 MB buffer per read for the garbage collector, whose memory then grows with
 * the file. One reader, one way: a stream that is pulled is never read as a stream.
 */
export class CsvFileStream extends Readable {
  private readonly file: Promise<FileHandle>;
  private first = true;
  private ended = false;

  constructor(
    path: string,
    private readonly observe?: (chunk: Buffer) => void,
  ) {
    super({ highWaterMark: CSV_READ_SIZE });
    this.file = open(path, 'r');
  }

  /** A file that cannot be opened fails the first read or pull, not the construction: pullers hear no 'error'. */
  override _construct(callback: (error?: Error | null) => void): void {
    this.file.then(
      () => callback(),
      () => callback(),
    );
  }

  override _read(): void {
    const buf = Buffer.allocUnsafeSlow(CSV_READ_SIZE);
    this.pull(buf).then(
      (n) => this.push(n === 0 ? null : buf.subarray(0, n)),
      (err: Error) => this.destroy(err),
    );
  }

  /** Fills `into` with the file's next bytes (no BOM; `observe` is shown them) and says how many: 0 at its end. */
  async pull(into: Buffer): Promise<number> {
    const file = await this.file;
    for (;;) {
      if (this.ended) return 0;
      let { bytesRead: n } = await file.read(into, 0, into.length, null);
      if (n === 0) {
        this.ended = true;
        return 0;
      }
      if (this.first) {
        this.first = false;
        if (n >= BOM.length && into.subarray(0, BOM.length).equals(BOM)) {
          into.copy(into, 0, BOM.length, n);
          n -= BOM.length;
          if (n === 0) continue;
        }
      }
      this.observe?.(into.subarray(0, n));
      return n;
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.file
      .then(
        (f) => f.close(),
        () => undefined,
      )
      .then(
        () => callback(error),
        () => callback(error),
      );
  }
}
