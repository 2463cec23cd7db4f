import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFixture } from '../api/test-support/project-fixture.js';
import { run } from '../api/run.js';
import { lockFileOf } from './folder-lock.js';
import { openPgliteEarly } from './pglite-early.js';
import { PgliteAdapter } from './pglite-adapter.js';
import { pgliteTestTarget } from './test-support/test-databases.js';
import { PgliteSession } from './pglite-session.js';
import { takeWarmWorker } from './pglite-warm.js';

const target = (p: string) => pgliteTestTarget(p);

describe('a PGlite folder opened before its adapter asks', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tsmodel-pglite-early-'));
    db = path.join(dir, 'db');
    const first = new PgliteAdapter(target(db));
    await first.query('create table kept (a int); insert into kept values (1), (2);');
    await first.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is opened under its lock file, taken by the adapter, and let go when the adapter closes', async () => {
    const discard = openPgliteEarly(target(db), 'build');
    const held = JSON.parse(readFileSync(lockFileOf(db), 'utf8')) as { pid: number; command: string };
    expect(held).toMatchObject({ pid: process.pid, command: 'build' });
    const adapter = new PgliteAdapter(target(db), { command: 'build' });
    expect((await adapter.query('select count(*)::int as n from kept')).rows).toEqual([{ n: 2 }]);
    await discard(); // taken: nothing to do, the lock is the adapter's
    expect(existsSync(lockFileOf(db))).toBe(true);
    await adapter.close();
    expect(existsSync(lockFileOf(db))).toBe(false);
  });

  it('is closed and its lock file removed when no adapter takes it', async () => {
    const discard = openPgliteEarly(target(db), 'run');
    expect(existsSync(lockFileOf(db))).toBe(true);
    await discard();
    expect(existsSync(lockFileOf(db))).toBe(false);
    const again = new PgliteAdapter(target(db));
    expect((await again.query('select count(*)::int as n from kept')).rows).toEqual([{ n: 2 }]);
    await again.close();
  });

  it('is left alone when another process holds its lock, or when it does not exist yet', async () => {
    const other = JSON.stringify({ pid: process.ppid, command: 'build', since: '2026-01-01T00:00:00.000Z' });
    writeFileSync(lockFileOf(db), other);
    try {
      await openPgliteEarly(target(db), 'run')();
      expect(readFileSync(lockFileOf(db), 'utf8')).toBe(other);
    } finally {
      rmSync(lockFileOf(db), { force: true });
    }
    const missing = path.join(dir, 'missing');
    await openPgliteEarly(target(missing), 'run')();
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(lockFileOf(missing))).toBe(false);
  });

  it('a warm worker (PGlite loaded, nothing opened) is taken by the next open', async () => {
    PgliteSession.prewarm();
    const session = await PgliteSession.open(db);
    expect((await session.query('select count(*)::int as n from kept')).rows).toEqual([{ n: 2 }]);
    await session.close();
    expect(takeWarmWorker(db)).toBeUndefined(); // the open took it
  });

  it('a run whose project fails to load lets the folder it opened early go', async () => {
    const project = projectFixture({
      'project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': `shop:\n  target: dev\n  outputs:\n    dev: {type: pglite, path: ${JSON.stringify(db)}}\n`,
      'models/m.sql': "select * from {{ ref('nowhere') }}",
    });
    try {
      await expect(run({ projectDir: project.dir })).rejects.toThrow(/nowhere/);
      expect(existsSync(lockFileOf(db))).toBe(false);
      const again = new PgliteAdapter(target(db));
      expect((await again.query('select count(*)::int as n from kept')).rows).toEqual([{ n: 2 }]);
      await again.close();
    } finally {
      project.dispose();
    }
  });
});
