import type { Adapter, BatchOptions, Connection } from './types.js';

/** An adapter that counts the requests it sends, and what they were (for tests and the benchmark). */
export interface CountedAdapter {
  adapter: Adapter;
  /**
   * Requests so far: each statement or batch is one, DISCARD ALL one; a transaction's BEGIN and COMMIT one each
   * unless they travel in a batch (see lazy-transaction.ts), its ROLLBACK one.
   */
  count(): number;
  /** The statements and batches sent, in order (BEGIN / COMMIT included), for a failing test to show. */
  log(): string[];
}

/**
 * Wraps an adapter so that every round trip to the database is counted exactly: query() and each statement,
 * batch or COPY of a session is one; a transaction adds its BEGIN and COMMIT where they go alone (as
 * adapters/lazy-transaction.ts sends them: BEGIN before a first statement or COPY that is not a batch, COMMIT
 * unless a batch carried it), a bare session its DISCARD ALL.
 * Opening, closing and cancelling are not counted (connection setup, not work).
 */
export function countRoundTrips(inner: Adapter): CountedAdapter {
  const sent: string[] = [];
  const note = (what: string) => void sent.push(what.replace(/\s+/g, ' ').slice(0, 120));
  const wrap = (conn: Connection): Connection => ({
    query: (sql, params) => (note(sql), conn.query(sql, params)),
    copyFrom: (sql, source) => (note(sql), conn.copyFrom(sql, source)),
    ...(conn.batch
      ? { batch: (statements: readonly string[]) => (note(`batch of ${statements.length}`), conn.batch!(statements)) }
      : {}),
  });
  const adapter: Adapter = {
    type: inner.type,
    get capabilities() {
      return inner.capabilities;
    },
    open: () => inner.open(),
    query: (sql, params) => (note(sql), inner.query(sql, params)),
    transaction: (fn) => countedTransaction(inner, note, fn),
    withConnection: async (fn) => {
      try {
        return await inner.withConnection((conn) => fn(wrap(conn)));
      } finally {
        note('DISCARD ALL');
      }
    },
    cancel: () => inner.cancel(),
    close: () => inner.close(),
    describe: () => inner.describe(),
  };
  return { adapter, count: () => sent.length, log: () => [...sent] };
}

/** A transaction's requests, its BEGIN and COMMIT counted where they are sent on their own. */
async function countedTransaction<T>(
  inner: Adapter,
  note: (what: string) => void,
  fn: (conn: Connection) => Promise<T>,
): Promise<T> {
  let begun = false;
  let committed = false;
  const begin = () => void (begun || (note('BEGIN'), (begun = true)));
  const wrap = (conn: Connection): Connection => ({
    query: (sql, params) => (begin(), note(sql), conn.query(sql, params)),
    copyFrom: (sql, source) => (begin(), note(sql), conn.copyFrom(sql, source)),
    ...(conn.batch
      ? {
          batch: async (statements: readonly string[], options?: BatchOptions) => {
            note(`${begun ? '' : 'BEGIN + '}batch of ${statements.length}${options?.commit ? ' + COMMIT' : ''}`);
            begun = true;
            const out = await conn.batch!(statements, options);
            committed ||= options?.commit === true;
            return out;
          },
        }
      : {}),
  });
  let ok = false;
  try {
    const out = await inner.transaction((conn) => fn(wrap(conn)));
    ok = true;
    return out;
  } finally {
    if (begun && !committed) note(ok ? 'COMMIT' : 'ROLLBACK');
  }
}
