import { BatchError } from './batch.js';
import { DatabaseError } from './errors.js';
import type { BatchOptions, Connection, QueryResult } from './types.js';

/** The server answers COMMIT of a transaction in which a statement failed (and was caught) with ROLLBACK. */
function checkCommitted(result: QueryResult | undefined): void {
  if (result?.command !== 'ROLLBACK') return;
  throw new DatabaseError('the transaction was rolled back instead of committed: a statement in it had failed', {
    sqlstate: '25P02',
    sql: 'COMMIT',
  });
}

/**
 * A transaction whose BEGIN and COMMIT travel with its statements (Adapter.transaction on both adapters): BEGIN
 * is sent with the first statement — in front of the first batch, in the same request — and COMMIT with the
 * batch that asks for it ({ commit: true }), so a node whose statements form one batch costs one round trip,
 * not three. A transaction that sent nothing sends no BEGIN and no COMMIT.
 *
 * `inner` is the session's plain connection. After `fn` the adapter calls finish() (COMMIT, unless a batch
 * already committed); after a failure it sends ROLLBACK when `open` says a transaction may be in progress.
 */
export class LazyTransaction {
  private begun = false;
  private committed = false;
  readonly connection: Connection;

  constructor(private readonly inner: Connection) {
    this.connection = {
      query: async (sql, params) => {
        await this.begin();
        return inner.query(sql, params);
      },
      copyFrom: async (sql, source) => {
        await this.begin();
        return inner.copyFrom(sql, source);
      },
    };
    if (inner.batch) this.connection.batch = (statements, options) => this.batch(statements, options);
  }

  /** BEGIN was sent (or is under way) and no COMMIT completed: after a failure, ROLLBACK is due. */
  get open(): boolean {
    return this.begun && !this.committed;
  }

  /** Commits, unless nothing was sent or a batch committed already; a COMMIT answered with ROLLBACK throws. */
  async finish(): Promise<void> {
    if (!this.open) return;
    const result = await this.inner.query('COMMIT');
    this.committed = true;
    checkCommitted(result);
  }

  private async begin(): Promise<void> {
    if (this.committed) throw new Error('a statement was sent after its transaction committed');
    if (this.begun) return;
    this.begun = true;
    await this.inner.query('BEGIN');
  }

  private async batch(statements: readonly string[], options?: BatchOptions): Promise<QueryResult[]> {
    if (this.committed) throw new Error('a statement was sent after its transaction committed');
    const begin = !this.begun;
    const commit = options?.commit === true;
    const list = [...(begin ? ['BEGIN'] : []), ...statements, ...(commit ? ['COMMIT'] : [])];
    const skip = begin ? 1 : 0;
    this.begun = true;
    let results: QueryResult[];
    try {
      results = await this.inner.batch!(list);
    } catch (err) {
      if (!(err instanceof BatchError)) throw err;
      const index = err.index - skip;
      // BEGIN's own failure is the session's (e.g. a dropped connection); a COMMIT's keeps the index past the list.
      if (index < 0) throw err.error;
      throw index === err.index ? err : new BatchError(index, err.error);
    }
    if (commit) {
      this.committed = true;
      checkCommitted(results[results.length - 1]);
    }
    return results.slice(skip, skip + statements.length);
  }
}
