import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAdapter } from '../adapters/index.js';
import { withRunLock } from '../adapters/run-lock.js';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { run } from './run.js';

describeEachDatabase('one run per target at a time, on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'models/m.sql': "{{ config(materialized='table') }}\nselect 1 as x",
    });
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('a second run waits up to lock_timeout, then fails saying who holds the lock', async () => {
    // PGlite is one session: the holder uses the test's adapter; PostgreSQL: its own connection, like another process.
    const holder = kind === 'pglite' ? db.adapter() : createAdapter(db.target);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = withRunLock(holder, db.target, { timeoutMs: 1000, command: 'build' }, async () => {
      locked();
      await held;
    });
    await isLocked;
    try {
      const waits: string[] = [];
      const blocked = run({
        projectDir: project.dir,
        targetConfig: { ...db.target, lockTimeoutMs: 400 },
        adapter: kind === 'pglite' ? db.adapter() : undefined,
        events: { emit: (e) => void (e.type === 'log' && e.level === 'warn' && waits.push(e.message)) },
      });
      await expect(blocked).rejects.toThrow(/Another tsmodel run holds the lock on target 'test' \(pid \d+, .*since/);
      expect(waits.some((w) => /waiting for another run/.test(w))).toBe(true);
    } finally {
      release();
      await holding;
      if (kind !== 'pglite') await holder.close();
    }
    const after = await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
    expect(after.success).toBe(true);
  });

  it.runIf(kind === 'pglite')('takes over the lock file of a process that is gone', async () => {
    const target = db.target as { path: string };
    writeFileSync(`${target.path}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, command: 'run', since: '2020-01-01' }));
    const res = await run({
      projectDir: project.dir,
      targetConfig: { ...db.target, lockTimeoutMs: 200 },
      adapter: db.adapter(),
    });
    expect(res.success).toBe(true);
  });
});
