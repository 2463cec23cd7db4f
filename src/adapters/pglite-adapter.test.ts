import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { ConnectionError, DatabaseError } from './errors.js';
import { PgliteAdapter } from './pglite-adapter.js';
import { createTestDatabase, pgliteTestTarget } from './test-support/test-databases.js';
import type { TestDatabase } from './test-support/test-databases.js';

const pgliteTarget = (dataPath: string) => pgliteTestTarget(dataPath);

describe('PgliteAdapter', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(() => db.dispose());

  it('runs PostgreSQL 18 inside', async () => {
    await db.adapter().open();
    expect(db.adapter().capabilities).toMatchObject({ maxConcurrency: 1, serverVersion: 18 });
  });

  it('keeps data across close and reopen of the same folder, creating the folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tsmodel-pglite-persist-'));
    const target = pgliteTarget(path.join(dir, 'nested', 'db'));
    try {
      const first = new PgliteAdapter(target);
      await first.query('create table kept (a int); insert into kept values (1), (2);');
      await first.close();
      const second = new PgliteAdapter(target);
      expect((await second.query('select count(*)::int as n from kept')).rows).toEqual([{ n: 2 }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('works in memory', async () => {
    const adapter = new PgliteAdapter(pgliteTarget('memory://'));
    expect((await adapter.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    expect(adapter.describe()).toBe('pglite memory://');
    await adapter.close();
  });

  it('queues a query issued outside a transaction until the transaction ends', async () => {
    const adapter = db.adapter();
    await adapter.query('create table queue_t (a int)');
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));

    const tx = adapter.transaction(async (conn) => {
      await conn.query('insert into queue_t values (1)');
      started();
      await gate; // the transaction stays open while the outside query is issued
      await conn.query('insert into queue_t values (2)');
      order.push('transaction');
    });
    await inside;
    const outside = adapter.query('select count(*)::int as n from queue_t').then((res) => {
      order.push('outside');
      return res.rows[0]?.n;
    });
    release();
    await tx;
    expect(await outside).toBe(2); // it saw the committed transaction, not half of it
    expect(order).toEqual(['transaction', 'outside']);
  });

  it('throws, rather than waiting forever, when the adapter is called from inside its own transaction', async () => {
    const adapter = db.adapter();
    const err = await adapter
      .transaction(async () => {
        await adapter.query('select 1');
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TsmodelError);
    expect((err as TsmodelError).message).toMatch(/inside adapter\.transaction\(\)/);
    await expect(adapter.withConnection(() => adapter.withConnection(async () => 1))).rejects.toThrow(
      /inside adapter\.withConnection\(\)/,
    );
    // The adapter is still usable afterwards.
    expect((await adapter.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('converts PGlite errors by their code', async () => {
    const err = (await db
      .adapter()
      .query('select * from no_such_table')
      .catch((e: unknown) => e)) as DatabaseError;
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.sqlstate).toBe('42P01');
    expect(err.position).toBe(15);
    expect(err.hint).toMatch(/model or seed/);
  });

  it('cancel() closes the database: queued and later statements fail with 57014', async () => {
    const own = await createTestDatabase('pglite');
    const adapter = own.adapter();
    try {
      await adapter.query('create table c (a int)');
      let inTx!: () => void;
      const entered = new Promise<void>((resolve) => (inTx = resolve));
      const tx = adapter
        .transaction(async (conn) => {
          await conn.query('insert into c values (1)');
          inTx();
          await new Promise((resolve) => setTimeout(resolve, 50));
          await conn.query('insert into c values (2)');
        })
        .catch((e: unknown) => e);
      await entered;
      const queued = adapter.query('select 1').catch((e: unknown) => e);
      await adapter.cancel();
      for (const err of [await tx, await queued, await adapter.query('select 1').catch((e: unknown) => e)]) {
        expect(err).toBeInstanceOf(DatabaseError);
        expect((err as DatabaseError).sqlstate).toBe('57014');
      }
      // The interrupted transaction was rolled back; open() starts again.
      await adapter.open();
      expect((await adapter.query('select count(*)::int as n from c')).rows).toEqual([{ n: 0 }]);
    } finally {
      await own.dispose();
    }
  });

  it('reports a folder it cannot create as a ConnectionError', async () => {
    // (Not under /proc: Node's recursive mkdir never returns there.)
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tsmodel-pglite-bad-'));
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    try {
      const adapter = new PgliteAdapter(pgliteTarget(path.join(file, 'db')));
      const err = await adapter.open().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).message).toContain(`PGlite at ${path.join(file, 'db')} after 1 attempt`);
      expect((err as ConnectionError).message).toMatch(/ENOTDIR/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
