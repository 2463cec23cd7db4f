import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PgliteTarget, PostgresTarget } from '../../config/types.js';
import { createTestDatabase, postgresSkipReason, skipNote, testDatabaseKinds } from './test-databases.js';

describe('testDatabaseKinds', () => {
  it('always offers pglite, first', () => {
    expect(testDatabaseKinds()[0]).toBe('pglite');
    if (process.env.TSMODEL_TEST_PG_URL) expect(testDatabaseKinds()).toEqual(['pglite', 'postgres']);
  });
});

describe('createTestDatabase(pglite)', () => {
  it('gives separate databases, one adapter each, removed on dispose', async () => {
    const [a, b] = await Promise.all([createTestDatabase('pglite'), createTestDatabase('pglite')]);
    const pathA = (a.target as PgliteTarget).path;
    try {
      expect(a.name).toBe('pglite');
      expect(a.target).toMatchObject({ type: 'pglite', schema: 'main', retries: 0 });
      expect(pathA).not.toBe((b.target as PgliteTarget).path);
      expect(a.adapter()).toBe(a.adapter());
      await a.adapter().query('create table only_in_a (x int)');
      const inB = await b.adapter().query("select to_regclass('only_in_a') as r");
      expect(inB.rows).toEqual([{ r: null }]);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
    expect(existsSync(pathA)).toBe(false);
    await a.dispose(); // idempotent
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))(
  `createTestDatabase(postgres)${skipNote(postgresSkipReason())}`,
  () => {
    it('creates a database of its own and drops it on dispose, even with sessions open', async () => {
      const db = await createTestDatabase('postgres');
      const target = db.target as PostgresTarget;
      expect(target).toMatchObject({ type: 'postgres', schema: 'main', threads: 4, retries: 0 });
      expect(target.dbname).toMatch(/^tsmodel_t_[0-9a-f]{12}$/);
      const res = await db.adapter().query('select current_database() as name');
      expect(res.rows).toEqual([{ name: target.dbname }]);

      // A session the test forgot to close does not stop the drop.
      const connection = { host: target.host, port: target.port, user: target.user, password: target.password };
      const stray = new pg.Client({ ...connection, database: target.dbname });
      stray.on('error', () => {});
      await stray.connect();
      await db.dispose();
      await stray.end().catch(() => {});

      const check = new pg.Client({ ...connection, database: 'postgres' });
      await check.connect();
      try {
        const left = await check.query('select 1 from pg_database where datname = $1', [target.dbname]);
        expect(left.rowCount).toBe(0);
      } finally {
        await check.end();
      }
    });
  },
);
