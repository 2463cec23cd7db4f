import type pg from 'pg';
import { BatchError, failedIndex, joinStatements, localError, perStatement } from './batch.js';
import { toDatabaseError } from './errors.js';
import type { QueryResult } from './types.js';

type Results = pg.QueryResult | pg.QueryResult[] | undefined;

interface CountingQuery extends pg.Query {
  completed: number;
}
type CountingQueryClass = new (text: string, callback: (err: Error | undefined, res: Results) => void) => CountingQuery;
let countingQueryClass: Promise<CountingQueryClass> | undefined;

/**
 * pg's Query, counting the statements the server completed: when one fails, the results of those before it are
 * dropped by pg, and an error without a position would not say which statement it was.
 * (handleCommandComplete is pg's per-statement hook, called once per CommandComplete message.)
 * pg is loaded on first use: commands that never connect to PostgreSQL do not pay for it.
 */
function countingQuery(): Promise<CountingQueryClass> {
  return (countingQueryClass ??= import('pg').then(({ default: lib }) => {
    return class extends lib.Query {
      completed = 0;
      constructor(text: string, callback: (err: Error | undefined, res: Results) => void) {
        super(text, callback as unknown as ConstructorParameters<typeof lib.Query>[1]);
      }
      handleCommandComplete(msg: unknown, connection: unknown): void {
        this.completed++;
        const base = lib.Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void };
        base.handleCommandComplete.call(this, msg, connection);
      }
    };
  }));
}

const EMPTY: QueryResult = { rows: [], rowCount: null, command: '', fields: [] };

function plain(r: pg.QueryResult): QueryResult {
  return {
    rows: r.rows as Record<string, unknown>[],
    rowCount: r.rowCount ?? null,
    command: r.command ?? '',
    fields: (r.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  };
}

/** Runs the statements as one simple query (one round trip) on the client; see Connection.batch. */
export async function batchOn(client: pg.ClientBase, statements: readonly string[]): Promise<QueryResult[]> {
  if (statements.length === 0) return [];
  const { text, starts } = joinStatements(statements);
  const Counting = await countingQuery();
  let query: CountingQuery;
  const results = await new Promise<Results>((resolve, reject) => {
    query = new Counting(text, (err, res) => (err ? reject(err) : resolve(res)));
    void client.query(query);
  }).catch((err: unknown) => {
    const e = toDatabaseError(err, text);
    const i = failedIndex(statements, starts, e.position, query.completed);
    throw new BatchError(i, localError(e, statements[i]!, e.position === undefined ? undefined : starts[i]));
  });
  const list = results === undefined ? [] : Array.isArray(results) ? results : [results];
  return perStatement(statements, list.map(plain), EMPTY);
}
