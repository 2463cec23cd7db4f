import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteAdapter } from './pglite-adapter.js';
import { pgliteTestTarget } from './test-support/test-databases.js';

// PGlite has no timer interrupts: the adapter enforces statement_timeout by
// abandoning the worker thread; the folder is recovered when next opened.
// The statements sleep 600 s: without the timeout the test would time out.
describe('statement_timeout on PGlite', () => {
  let dir: string;
  let adapter: PgliteAdapter;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmodel-pglite-timeout-'));
    const target = pgliteTestTarget(join(dir, 'db'), {
      statementTimeoutMs: 5000,
    });
    adapter = new PgliteAdapter(target);
    await adapter.query('create table kept (a int); insert into kept values (1);');
  });
  afterAll(async () => {
    await adapter.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops a statement that runs longer, with SQLSTATE 57014, and the next statement works', async () => {
    await expect(adapter.query('select pg_sleep(600)')).rejects.toMatchObject({
      sqlstate: '57014',
      message: 'canceling statement due to statement timeout (5000 ms)',
    });
    expect((await adapter.query('select count(*)::int as n from kept')).rows).toEqual([{ n: 1 }]);
  });

  it('rolls back the transaction the statement was in', async () => {
    await expect(
      adapter.transaction(async (conn) => {
        await conn.query('insert into kept values (2)');
        await conn.query('select pg_sleep(600)');
      }),
    ).rejects.toMatchObject({ sqlstate: '57014' });
    expect((await adapter.query('select array_agg(a order by a) as a from kept')).rows).toEqual([{ a: [1] }]);
  });
});
