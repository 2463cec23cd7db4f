import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchError, joinStatements, statementCount } from './batch.js';
import { describeEachDatabase, createTestDatabase } from './test-support/test-databases.js';
import type { TestDatabase } from './test-support/test-databases.js';
import type { Connection } from './types.js';

describe('statementCount', () => {
  it.each([
    ['select 1', 1],
    ['select 1;', 1],
    ["select ';'; select 2 -- ;\n", 2],
    ['-- only a comment', 0],
    ['create function f() returns int as $$ select 1; $$ language sql; select f()', 2],
    ['', 0],
    [' \n\t', 0],
    ['  -- a comment\n/* and a block */ ', 0],
    ['/* a comment first */ select 1', 1],
    ['-- a comment first\nselect 1', 1],
    ['create view v as (\n-- the model\nselect 1\n)', 1],
    ["select '--' as dashes", 1],
    ["select ';' as semicolon", 1],
    ['- 1', 1],
  ])('%j holds %i statements', (sql, n) => expect(statementCount(sql)).toBe(n));
});

describe('joinStatements', () => {
  it('keeps a trailing line comment from swallowing the separator, and counts positions in code points', () => {
    const { text, starts } = joinStatements(['select 1 -- one', "select '😀'", 'select 3']);
    expect(text).toBe("select 1 -- one\n;\nselect '😀'\n;\nselect 3");
    expect(starts).toEqual([1, 19, 32]);
  });

  it('counts a surrogate pair as one position wherever it stands, and plain text by its length', () => {
    const { starts } = joinStatements(['select 1', "select '😀😀' -- 😀", 'select 2', 'select 3']);
    expect(starts).toEqual([1, 12, 31, 42]);
  });
});

describeEachDatabase('Connection.batch on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  const inTransaction = <T>(fn: (conn: Connection & Required<Pick<Connection, 'batch'>>) => Promise<T>) =>
    db.adapter().transaction((conn) => fn(conn as Connection & Required<Pick<Connection, 'batch'>>));

  it("returns each statement's result, and a text of several statements gets its last one's", async () => {
    const results = await inTransaction((conn) =>
      conn.batch([
        'create table batch_t (a int)',
        'insert into batch_t values (1), (2), (3)',
        'select count(*)::int as n from batch_t',
        "update batch_t set a = a + 1 where a > 1; select 'last' as word",
      ]),
    );
    expect(results.map((r) => r.command)).toEqual(['CREATE', 'INSERT', 'SELECT', 'SELECT']);
    expect(results[1]!.rowCount).toBe(3);
    expect(results[2]!.rows).toEqual([{ n: 3 }]);
    expect(results[3]!.rows).toEqual([{ word: 'last' }]);
  });

  it('names the failing statement of an error without a position, and rolls back with the transaction', async () => {
    const failure = await inTransaction((conn) =>
      conn.batch(['create table batch_u (a int)', 'insert into batch_u values (1)', 'select 1 / 0', 'select 4']),
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BatchError);
    expect((failure as BatchError).index).toBe(2);
    expect((failure as BatchError).error.sqlstate).toBe('22012');
    const exists = await db.adapter().query("select to_regclass('batch_u') is not null as e");
    expect(exists.rows[0]!.e).toBe(false);
  });

  it("points a positioned error into the failing statement's own text and line", async () => {
    const failure = await inTransaction((conn) =>
      conn.batch(['select 1', 'select 2 -- two', "select 'é',\n  nosuchcolumn\nfrom (select 1) s"]),
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BatchError);
    const { index, error } = failure as BatchError;
    expect(index).toBe(2);
    expect(error.sqlstate).toBe('42703');
    expect(error.sql).toBe("select 'é',\n  nosuchcolumn\nfrom (select 1) s");
    expect(error.position).toBe(15);
    expect(error.sqlPosition).toEqual({ line: 2, column: 3 });
  });
});
