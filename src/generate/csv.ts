/**
 * RFC 4180 CSV: comma delimiter, `\n` line endings, UTF-8 without BOM, a
 * field is quoted when it holds a comma, a quote, CR or LF (inner quotes are
 * doubled), and an empty field means NULL.
 *
 * `CsvWriter` streams: rows are gathered into ~64 KiB chunks and each chunk is
 * handed to a `fs.WriteStream`; when the stream's buffer is full the next
 * write waits for 'drain', so memory stays flat whatever the table size.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';

const NEEDS_QUOTES = /[",\r\n]/;

export function escapeField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatRow(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += escapeField(fields[i]!);
  }
  return line + '\n';
}

const CHUNK_CHARS = 64 * 1024;

export class CsvWriter {
  private readonly stream: WriteStream;
  private buffer = '';
  private failure: Error | undefined;
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
    this.buffer = formatRow(header);
  }

  /**
   * Adds a row. Returns a promise only when the caller has to wait (the
   * stream asked for a pause), so the hot loop does `const p = w.write(r); if (p) await p;`.
   */
  write(fields: readonly string[]): Promise<void> | undefined {
    this.buffer += formatRow(fields);
    this.rows++;
    if (this.buffer.length < CHUNK_CHARS) return undefined;
    return this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await this.waitForDrain();
  }

  private async waitForDrain(): Promise<void> {
    // 'error' rejects `once`, so a failing disk does not leave us waiting forever
    await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }

  /** Flushes what is left and waits until the file is fully written and closed. */
  async close(): Promise<void> {
    if (this.buffer.length > 0) await this.flush();
    if (this.failure) throw this.failure;
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
    if (this.failure) throw this.failure;
  }

  /** Gives up on the file (after another failure); never throws. */
  destroy(): void {
    this.stream.destroy();
  }
}

/**
 * Parses RFC 4180 text into rows of strings (the header is row 0). Used by
 * the tests to read back what the writer produced; accepts `\n` and `\r\n`.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
