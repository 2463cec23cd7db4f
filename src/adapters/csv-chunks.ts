/** A slice of a CSV file that ends between two records, and the file line it starts on. */
export interface CsvChunk {
  data: Buffer;
  /** 1-based line of the file where this chunk starts. */
  startLine: number;
}

const NL = 10;

/**
 * Cuts a CSV byte stream into chunks of about `target` bytes, each ending
 * after a record's newline (a newline inside a quoted field never ends a
 * chunk), so each can be loaded with its own COPY. Memory stays bounded by
 * the chunk size plus one read.
 */
export async function* csvChunks(
  stream: AsyncIterable<Buffer | string>,
  quote: string,
  target = 8 * 1024 * 1024,
): AsyncGenerator<CsvChunk> {
  const q = Buffer.from(quote)[0] ?? 34;
  let parts: Buffer[] = [];
  let size = 0;
  let inQuotes = false;
  let line = 1;
  let linesInPending = 0;
  for await (const raw of stream) {
    let buf = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let cut = -1;
    let cutLines = 0;
    let lines = 0;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (b === q) inQuotes = !inQuotes;
      else if (b === NL) {
        lines++;
        if (!inQuotes) {
          cut = i;
          cutLines = lines;
        }
      }
    }
    if (size + buf.length >= target && cut >= 0) {
      parts.push(buf.subarray(0, cut + 1));
      yield { data: Buffer.concat(parts), startLine: line };
      line += linesInPending + cutLines;
      buf = buf.subarray(cut + 1);
      parts = [];
      size = 0;
      linesInPending = lines - cutLines;
    } else {
      linesInPending += lines;
    }
    if (buf.length > 0) {
      parts.push(buf);
      size += buf.length;
    }
  }
  if (size > 0) yield { data: Buffer.concat(parts), startLine: line };
}

/** Rewrites "line N" in a COPY error's context to the file's line, given where the chunk started. */
export function shiftCopyLine(where: string | undefined, startLine: number): string | undefined {
  if (!where) return where;
  return where.replace(/line (\d+)/, (_m, n: string) => `line ${Number(n) + startLine - 1}`);
}
