import { afterAll, beforeAll, expect, it } from 'vitest';
import { BatchError } from './batch.js';
import { DatabaseError } from './errors.js';
import { countRoundTrips } from './round-trips.js';
import { describeEachDatabase, createTestDatabase } from './test-support/test-databases.js';
import type { TestDatabase } from './test-support/test-databases.js';
import type { Connection } from './types.js';

type Batching = Connection & Required<Pick<Connection, 'batch'>>;

describeEachDatabase('a transaction whose BEGIN and COMMIT travel with its batches, on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await db.adapter().query('create table lazy_p (id int primary key)');
    await db
      .adapter()
      .query('create table lazy_c (pid int references lazy_p (id) deferrable initially deferred, note text)');
  });
  afterAll(() => db.dispose());

  const count = async (where = 'true') =>
    Number((await db.adapter().query(`select count(*) as n from lazy_c where ${where}`)).rows[0]!.n);
  const inTransaction = <T>(fn: (conn: Batching) => Promise<T>) => {
    const counted = countRoundTrips(db.adapter());
    const out = counted.adapter.transaction((conn) => fn(conn as Batching));
    return { out, log: () => counted.log() };
  };

  it('commits with the batch that asks for it: one request, seen by the next session', async () => {
    await db.adapter().query('insert into lazy_p values (1)');
    const { out, log } = inTransaction((conn) =>
      conn.batch(["insert into lazy_c values (1, 'one')", "select count(*)::int as n from lazy_c where note = 'one'"], {
        commit: true,
      }),
    );
    const results = await out;
    expect(results.map((r) => r.command)).toEqual(['INSERT', 'SELECT']);
    expect(results[1]!.rows).toEqual([{ n: 1 }]);
    expect(log()).toEqual(['BEGIN + batch of 2 + COMMIT']);
    expect(await count("note = 'one'")).toBe(1);
  });

  it('reports a COMMIT that fails (a deferred foreign key) past the batch, and keeps nothing', async () => {
    const { out } = inTransaction((conn) =>
      conn.batch(["insert into lazy_c values (1, 'kept?')", "insert into lazy_c values (99, 'orphan')"], {
        commit: true,
      }),
    );
    const failure = await out.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BatchError);
    expect((failure as BatchError).index).toBe(2);
    expect((failure as BatchError).error.sqlstate).toBe('23503');
    expect(await count("note in ('kept?', 'orphan')")).toBe(0);
    // The session went back to the pool (PGlite: stayed) outside any transaction.
    expect((await db.adapter().query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('names a failing statement of a first batch by its index and position (BEGIN not counted)', async () => {
    const { out, log } = inTransaction(async (conn) => {
      await conn.batch(["insert into lazy_c values (1, 'first')", "select 'é',\n  nosuchcolumn"]);
      return conn.batch(['select 1'], { commit: true });
    });
    const failure = await out.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BatchError);
    const { index, error } = failure as BatchError;
    expect(index).toBe(1);
    expect(error.sqlstate).toBe('42703');
    expect(error.sql).toBe("select 'é',\n  nosuchcolumn");
    expect(error.sqlPosition).toEqual({ line: 2, column: 3 });
    expect(log()).toEqual(['BEGIN + batch of 2', 'ROLLBACK']);
    expect(await count("note = 'first'")).toBe(0);
  });

  it('begins before a first query, commits at the end when no batch did, and sends nothing for nothing', async () => {
    const { out, log } = inTransaction(async (conn) => {
      await conn.query("insert into lazy_c values (1, 'by query')");
      await conn.batch(["insert into lazy_c values (1, 'by batch')", 'select 2 / 0'], {}).catch(() => undefined);
    });
    // The batch failed and was caught: COMMIT is answered with ROLLBACK (so counted), which stays an error.
    const failure = await out.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect((failure as DatabaseError).sqlstate).toBe('25P02');
    expect(log()).toEqual(['BEGIN', "insert into lazy_c values (1, 'by query')", 'batch of 2', 'ROLLBACK']);
    expect(await count("note in ('by query', 'by batch')")).toBe(0);

    const idle = inTransaction(async () => 'nothing sent');
    expect(await idle.out).toBe('nothing sent');
    expect(idle.log()).toEqual([]);
  });

  it('refuses a statement after the batch that committed', async () => {
    const { out } = inTransaction(async (conn) => {
      await conn.batch(["insert into lazy_c values (1, 'then more')"], { commit: true });
      await conn.query('select 1');
    });
    await expect(out).rejects.toThrow(/after its transaction committed/);
    expect(await count("note = 'then more'")).toBe(1);
  });
});
