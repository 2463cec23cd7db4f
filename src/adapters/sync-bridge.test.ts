import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAdapter } from './factory.js';
import { openSyncDatabase, type SyncDatabase } from './sync-bridge.js';
import type { Adapter } from './types.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from './test-support/test-databases.js';

// The synchronous bridge templates query through: the calling thread waits (Atomics.wait) while the query
// runs elsewhere (PGlite: its worker; PostgreSQL: a worker thread with its own connection).
describeEachDatabase('the synchronous query bridge on %s', (kind) => {
  let db: TestDatabase;
  let adapter: Adapter;
  let sync: SyncDatabase;
  const open = async (statementTimeoutMs?: number) => {
    adapter = createAdapter({ ...db.target, ...(statementTimeoutMs ? { statementTimeoutMs } : {}) });
    await adapter.query('create schema if not exists main; create table if not exists main.kept (a int)');
    sync = openSyncDatabase(adapter)!;
  };
  beforeEach(async () => {
    db = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await sync?.close();
    await adapter?.close();
    await db.dispose();
  });

  it('answers while the thread waits: rows as arrays, errors as DatabaseErrors with their SQLSTATE', async () => {
    await open();
    const res = sync.query("select 1 as a, 2 as a, 'x'::text as b, date '2024-01-31' as d, 10000000000::int8 as n");
    expect(res.fields.map((f) => f.name)).toEqual(['a', 'a', 'b', 'd', 'n']);
    expect(res.rows).toEqual([[1, 2, 'x', '2024-01-31', '10000000000']]);
    expect(sync.query('insert into main.kept values (1), (2)')).toMatchObject({ command: 'INSERT', rowCount: 2 });
    expect(() => sync.query('select * from main.no_such')).toThrow(
      expect.objectContaining({ name: 'DatabaseError', sqlstate: '42P01' }),
    );
    expect((await adapter.query('select count(*)::int as n from main.kept')).rows).toEqual([{ n: 2 }]);
  });

  it("a failing query inside another caller's open transaction leaves that transaction usable", async () => {
    await open();
    await adapter.transaction(async (conn) => {
      await conn.query('insert into main.kept values (1)');
      expect(() => sync.query('select * from main.no_such')).toThrow(expect.objectContaining({ sqlstate: '42P01' }));
      await conn.query('insert into main.kept values (2)');
    });
    expect((await adapter.query('select array_agg(a order by a) as a from main.kept')).rows).toEqual([{ a: [1, 2] }]);
  });

  it('statement_timeout stops a query with 57014; the next one works and committed data is kept', async () => {
    await open(1500);
    sync.query('insert into main.kept values (7)');
    expect(() => sync.query('select pg_sleep(600)')).toThrow(expect.objectContaining({ sqlstate: '57014' }));
    expect((await adapter.query('select array_agg(a) as a from main.kept')).rows).toEqual([{ a: [7] }]);
    expect(sync.query('select count(*)::int from main.kept').rows).toEqual([[1]]);
  });

  it('a cancelled run fails the queries templates make afterwards, or cancels the one running', async () => {
    await open();
    if (kind === 'pglite') {
      await adapter.cancel();
      expect(() => sync.query('select 1')).toThrow(expect.objectContaining({ sqlstate: '57014' }));
      return;
    }
    sync.query('select 1'); // the bridge's connection is open
    // Another session cancels the bridge's statement once it sees it running (no timing assumed); this thread
    // blocks in the bridge, so the canceller is seen running on the server before the bridge is called.
    const canceller = adapter.query(`do $$ begin
      for i in 1..600 loop
        perform pg_cancel_backend(pid) from pg_stat_activity
          where application_name = 'tsmodel-template' and state = 'active' and query like '%pg_sleep(600)%';
        exit when found;
        perform pg_sleep(0.05);
        perform pg_stat_clear_snapshot(); -- pg_stat_activity is read once per transaction otherwise
      end loop; end $$`);
    const watcher = createAdapter(db.target);
    const running = "select 1 from pg_stat_activity where state = 'active' and query like 'do $$ begin%'";
    while ((await watcher.query(running)).rows.length === 0);
    await watcher.close();
    expect(() => sync.query('select pg_sleep(600)')).toThrow(
      expect.objectContaining({ sqlstate: '57014', message: expect.stringMatching(/cancel/) }),
    );
    await canceller;
    expect(sync.query('select 2').rows).toEqual([[2]]);
  });
});
