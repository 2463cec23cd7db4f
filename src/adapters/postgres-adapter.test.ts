import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PostgresTarget } from '../config/types.js';
import { ConnectionError, DatabaseError, isTransient } from './errors.js';
import { PostgresAdapter } from './postgres-adapter.js';
import { createTestDatabase, postgresSkipReason, skipNote, testDatabaseKinds } from './test-support/test-databases.js';
import type { TestDatabase } from './test-support/test-databases.js';

function closedPortTarget(): PostgresTarget {
  return {
    type: 'postgres',
    name: 'postgres',
    profileName: 'test',
    schema: 'main',
    threads: 2,
    retries: 2,
    retryDelayMs: 10,
    host: '127.0.0.1',
    port: 1,
    user: 'root',
    password: 'sup3r-s3cret',
    dbname: 'test',
    connectTimeoutMs: 2_000,
    source: 'profile',
  };
}

describe('PostgresAdapter without a server', () => {
  it('retries transient connection failures, then throws a ConnectionError without the password', async () => {
    const attempts: { attempt: number; willRetry: boolean; transient: boolean }[] = [];
    const sleeps: number[] = [];
    const adapter = new PostgresAdapter(closedPortTarget(), {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      onRetry: (attempt, err, info) => {
        attempts.push({ attempt, willRetry: info.willRetry, transient: isTransient(err) });
      },
    });
    const err = await adapter.open().catch((e: unknown) => e);
    expect(attempts).toEqual([
      { attempt: 1, willRetry: true, transient: true },
      { attempt: 2, willRetry: true, transient: true },
      { attempt: 3, willRetry: false, transient: true },
    ]);
    expect(sleeps).toEqual([10, 10]);
    expect(err).toBeInstanceOf(ConnectionError);
    const connErr = err as ConnectionError;
    expect(connErr.code).toBe('connection');
    expect(connErr.attempts).toBe(3);
    expect(connErr.message).toContain('127.0.0.1:1');
    expect(connErr.message).toContain('3 attempts');
    expect(connErr.message).not.toContain('sup3r-s3cret');
    expect(connErr.hint).toMatch(/DB_HOST/);
    expect(JSON.stringify(connErr)).not.toContain('sup3r-s3cret');
    expect(adapter.describe()).toBe('postgres root@127.0.0.1:1/test');
    await adapter.close();
  });

  it('waits with the real timer by default', async () => {
    const attempts: number[] = [];
    const adapter = new PostgresAdapter({ ...closedPortTarget(), retries: 1 }, { onRetry: (a) => attempts.push(a) });
    await expect(adapter.open()).rejects.toBeInstanceOf(ConnectionError);
    expect(attempts).toEqual([1, 2]);
  });

  it('does not open connections before it is used', async () => {
    const connect = vi.spyOn(pg.Client.prototype, 'connect');
    try {
      const adapter = new PostgresAdapter({ ...closedPortTarget(), retries: 0 });
      expect(adapter.capabilities).toEqual({ maxConcurrency: 2 });
      expect(adapter.describe()).toContain('127.0.0.1:1');
      expect(connect).not.toHaveBeenCalled();
      // The spy does see the adapter's connections: the first query tries one.
      await expect(adapter.open()).rejects.toBeInstanceOf(ConnectionError);
      expect(connect).toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });
});

const withServer = testDatabaseKinds().includes('postgres');

describe.runIf(withServer)(`PostgresAdapter on a server${skipNote(postgresSkipReason())}`, () => {
  let db: TestDatabase;
  let target: PostgresTarget;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    target = db.target as PostgresTarget;
  });
  afterAll(() => db.dispose());

  it('names its sessions and applies the statement timeout', async () => {
    const adapter = new PostgresAdapter({ ...target, statementTimeoutMs: 300 });
    try {
      const res = await adapter.query('select current_setting($1) as app, current_setting($2) as timeout', [
        'application_name',
        'statement_timeout',
      ]);
      expect(res.rows).toEqual([{ app: 'tsmodel', timeout: '300ms' }]);
      const err = (await adapter.query('select pg_sleep(10)').catch((e: unknown) => e)) as DatabaseError;
      expect(err.sqlstate).toBe('57014');
    } finally {
      await adapter.close();
    }
  });

  it('runs up to threads statements at once', async () => {
    const adapter = new PostgresAdapter({ ...target, threads: 3 });
    try {
      const pids = await Promise.all(
        [1, 2, 3].map(() => adapter.query('select pg_backend_pid() as pid, pg_sleep(0.2)').then((r) => r.rows[0]?.pid)),
      );
      expect(new Set(pids).size).toBe(3);
    } finally {
      await adapter.close();
    }
  });

  it('cancel() interrupts running statements, in and out of transactions', async () => {
    const adapter = new PostgresAdapter(target);
    try {
      await adapter.open();
      await adapter.cancel(); // nothing running: a no-op
      const running = adapter.query('select pg_sleep(30)').catch((e: unknown) => e);
      const inTx = adapter.transaction((conn) => conn.query('select pg_sleep(30)')).catch((e: unknown) => e);
      await waitFor(async () => {
        const res = await adapter.query(
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and query = 'select pg_sleep(30)' and state = 'active'`,
        );
        return res.rows[0]?.n === 2;
      });
      await adapter.cancel();
      for (const err of [await running, await inTx]) {
        expect(err).toBeInstanceOf(DatabaseError);
        expect((err as DatabaseError).sqlstate).toBe('57014');
      }
      // The sessions are fine afterwards.
      expect((await adapter.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await adapter.close();
    }
  });

  it("batches a session's statements, except on a Citus coordinator", async () => {
    // Citus sends a DDL statement's whole query text to the workers as one prepared statement: a batch holding
    // an ALTER TABLE of a distributed table fails there (citus-cluster.test.ts builds such constraints).
    for (const type of ['postgres', 'citus'] as const) {
      const adapter = new PostgresAdapter({ ...target, type });
      try {
        const batches = await adapter.transaction(async (conn) => {
          const results = conn.batch ? await conn.batch(['select 1 as a', 'select 2 as b']) : undefined;
          return results?.map((r) => r.rows[0]);
        });
        expect(batches, type).toEqual(type === 'citus' ? undefined : [{ a: 1 }, { b: 2 }]);
        expect(await adapter.withConnection(async (conn) => conn.batch === undefined), type).toBe(type === 'citus');
      } finally {
        await adapter.close();
      }
    }
  });

  it('reports a missing database as a ConnectionError at once', async () => {
    const attempts: number[] = [];
    const adapter = new PostgresAdapter(
      { ...target, dbname: 'tsmodel_no_such_db', retries: 3 },
      { onRetry: (a) => attempts.push(a) },
    );
    const err = (await adapter.open().catch((e: unknown) => e)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.attempts).toBe(1);
    expect(attempts).toEqual([1]);
    expect(err.hint).toMatch(/DB_NAME/);
    await adapter.close();
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}
