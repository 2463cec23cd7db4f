import { afterAll, beforeAll, expect, it } from 'vitest';
import { DatabaseError } from './errors.js';
import { describeEachDatabase, createTestDatabase } from './test-support/test-databases.js';
import type { TestDatabase } from './test-support/test-databases.js';

describeEachDatabase('adapter on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  it('opens, knows the server version, and describes itself without secrets', async () => {
    const adapter = db.adapter();
    await adapter.open();
    await adapter.open(); // idempotent
    expect(adapter.type).toBe(kind);
    expect(adapter.capabilities.serverVersion).toBeGreaterThanOrEqual(15);
    expect(adapter.capabilities.maxConcurrency).toBe(kind === 'pglite' ? 1 : 4);
    expect(adapter.describe()).toMatch(kind === 'pglite' ? /^pglite \// : /^postgres \S+@\S+:\d+\/tsmodel_t_/);
  });

  it('reports rows, rowCount, command and fields', async () => {
    const adapter = db.adapter();
    const created = await adapter.query('create table public.items (id int primary key, name text)');
    expect(created.command).toBe('CREATE');
    expect(created.rowCount).toBeNull();

    const inserted = await adapter.query("insert into public.items values (1, 'a'), (2, 'b'), (3, 'c')");
    expect(inserted).toMatchObject({ command: 'INSERT', rowCount: 3, rows: [] });

    const updated = await adapter.query("update public.items set name = name || '!' where id > 1");
    expect(updated).toMatchObject({ command: 'UPDATE', rowCount: 2 });

    const selected = await adapter.query('select id, name from public.items order by id');
    expect(selected.command).toBe('SELECT');
    expect(selected.rowCount).toBe(3);
    expect(selected.rows).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b!' },
      { id: 3, name: 'c!' },
    ]);
    expect(selected.fields.map((f) => f.name)).toEqual(['id', 'name']);
    expect(selected.fields[0]?.dataTypeID).toBe(23); // int4
  });

  it('counts the rows of CREATE TABLE AS, and reports null for commands without a count', async () => {
    const ctas = await db.adapter().query('create table public.items_copy as select * from public.items');
    expect(ctas).toMatchObject({ command: 'SELECT', rowCount: 3 });
    const show = await db.adapter().query('show server_version_num');
    expect(show.rowCount).toBeNull();
    expect(show.command).toBe('SHOW');
  });

  it('binds params', async () => {
    const res = await db.adapter().query('select $1::int + $2::int as sum, $3::text as label', [40, 2, 'x']);
    expect(res.rows).toEqual([{ sum: 42, label: 'x' }]);
    const empty = await db.adapter().query('select 1 as one', []);
    expect(empty.rows).toEqual([{ one: 1 }]);
  });

  it('runs several statements in one text and returns the last result', async () => {
    const res = await db.adapter().query(`
      create table public.multi (a int);
      insert into public.multi values (1), (2);
      select count(*)::int as n from public.multi;
    `);
    expect(res.command).toBe('SELECT');
    expect(res.rows).toEqual([{ n: 2 }]);
  });

  it('turns a syntax error into a DatabaseError with its line and column', async () => {
    const sql = 'select 1 as one,\n       2 as two\nfrom\nwhere x = 1';
    const err = await db
      .adapter()
      .query(sql)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    const dbErr = err as DatabaseError;
    expect(dbErr.code).toBe('database');
    expect(dbErr.sqlstate).toBe('42601');
    expect(dbErr.message).toMatch(/syntax error at or near "where"/);
    expect(dbErr.sql).toBe(sql);
    expect(dbErr.position).toBe(sql.indexOf('where') + 1);
    expect(dbErr.sqlPosition).toEqual({ line: 4, column: 1 });
  });

  it('carries detail and sqlstate for constraint violations', async () => {
    const err = (await db
      .adapter()
      .query("insert into public.items values (1, 'dup')")
      .catch((e: unknown) => e)) as DatabaseError;
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.sqlstate).toBe('23505');
    expect(err.detail).toMatch(/Key \(id\)=\(1\) already exists/);
  });

  it('commits a transaction', async () => {
    const adapter = db.adapter();
    await adapter.query('create table public.tx_ok (a int)');
    const value = await adapter.transaction(async (conn) => {
      await conn.query('insert into public.tx_ok values (1)');
      await conn.query('insert into public.tx_ok values ($1)', [2]);
      return 'done';
    });
    expect(value).toBe('done');
    const res = await adapter.query('select count(*)::int as n from public.tx_ok');
    expect(res.rows).toEqual([{ n: 2 }]);
  });

  it('rolls back every statement when one fails, and rethrows its error', async () => {
    const adapter = db.adapter();
    await adapter.query('create table public.tx_bad (a int)');
    const err = await adapter
      .transaction(async (conn) => {
        await conn.query('insert into public.tx_bad values (1)');
        await conn.query('create table public.tx_created (a int)');
        await conn.query('select no_such_column from public.tx_bad');
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).sqlstate).toBe('42703');
    const count = await adapter.query('select count(*)::int as n from public.tx_bad');
    expect(count.rows).toEqual([{ n: 0 }]);
    const created = await adapter.query("select to_regclass('public.tx_created') as r");
    expect(created.rows).toEqual([{ r: null }]);
  });

  it('rolls back when the callback throws, keeping the callback error as is', async () => {
    const adapter = db.adapter();
    await adapter.query('create table public.tx_throw (a int)');
    const boom = new Error('boom');
    await expect(
      adapter.transaction(async (conn) => {
        await conn.query('insert into public.tx_throw values (1)');
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await adapter.query('select count(*)::int as n from public.tx_throw')).rows).toEqual([{ n: 0 }]);
  });

  it('refuses to commit a transaction in which a statement failed and was caught', async () => {
    const adapter = db.adapter();
    await adapter.query('create table public.tx_caught (a int)');
    const err = await adapter
      .transaction(async (conn) => {
        await conn.query('insert into public.tx_caught values (1)');
        await conn.query('select nope').catch(() => undefined);
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).sqlstate).toBe('25P02');
    expect((await adapter.query('select count(*)::int as n from public.tx_caught')).rows).toEqual([{ n: 0 }]);
  });

  it('keeps temp tables across statements inside withConnection, and drops them after', async () => {
    const adapter = db.adapter();
    const n = await adapter.withConnection(async (conn) => {
      await conn.query('create temp table scratch as select generate_series(1, 5) as i');
      await conn.query('insert into scratch values (6)');
      const res = await conn.query('select count(*)::int as n from scratch');
      return res.rows[0]?.n;
    });
    expect(n).toBe(6);
    const after = await adapter.query("select to_regclass('pg_temp.scratch') as r");
    expect(after.rows).toEqual([{ r: null }]);
  });

  it('fails queries after close(), and works again after open()', async () => {
    const adapter = db.adapter();
    await adapter.close();
    await expect(adapter.query('select 1')).rejects.toThrow(/closed/);
    await adapter.open();
    expect((await adapter.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });
});
