import type { QueryResult, CopySource } from './types.js';
import { DatabaseError, asQueryError } from './errors.js';
import { csvChunks, shiftCopyLine } from './csv-chunks.js';
import type { PgliteResult } from './pglite-session.js';

// Pieces of the PGlite adapter (pglite-adapter.ts) that need none of its state.

/** Hands the one session out to one user at a time, in call order. */
export class SessionLock {
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

/**
 * PGlite's COPY reads a whole blob from /dev/blob, so the stream is cut into
 * chunks of a few MB between records, each loaded by its own COPY through
 * `query`; a COPY error's line is shifted back to the file's line (unless
 * `shiftLines()` says the error is not about the data, e.g. a full disk).
 */
export async function copyInChunks(
  query: (statement: string, blob: Uint8Array) => Promise<PgliteResult>,
  sql: string,
  source: CopySource,
  shiftLines: () => boolean,
): Promise<number> {
  const fromBlob = sql.replace(/from stdin/i, "from '/dev/blob'");
  let rows = 0;
  let first = true;
  for await (const chunk of csvChunks(source.stream as AsyncIterable<Buffer>, source.quote)) {
    const statement = first || !source.header ? fromBlob : fromBlob.replace(/header true/i, 'header false');
    first = false;
    try {
      const res = await query(statement, new Uint8Array(chunk.data));
      rows += res.affectedRows ?? 0;
    } catch (err) {
      const e = asQueryError(err, sql);
      if (e instanceof DatabaseError && e.where && shiftLines()) {
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

export class StatementTimeout extends Error {
  constructor(readonly ms: number) {
    super(`statement timeout (${ms} ms)`);
  }
}

/** Whether `p` settles within `ms` (it keeps running either way). */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  const settled = p.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function toQueryResult(res: PgliteResult | undefined): QueryResult {
  if (!res) return { rows: [], rowCount: null, command: '', fields: [] };
  const command = res.command ?? '';
  return {
    rows: res.rows,
    // rowCount is per statement (from the command tag); affectedRows adds up across exec() and is 0 for SELECT.
    rowCount: res.rowCount ?? (command === 'SELECT' ? res.rows.length : null),
    command,
    fields: res.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  };
}
