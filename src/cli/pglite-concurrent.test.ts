import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { queryPglite, runCli, seedPgliteDatabase, spawnCli } from './test-support/cli.js';

// Two tsmodel processes on one PGlite folder (the default target): the second
// must wait for the first before it opens the folder, never open it beside it.

const DB = '.tsmodel/pgdata';
const build = (dir: string, env: Record<string, string> = {}) =>
  runCli(['build'], { cwd: dir, env }).then((r) => ({ code: r.code, out: r.all }));

function files(slow: string): Record<string, string> {
  return {
    'project.yml': 'name: shop\n',
    'seeds/people.csv': 'id,name\n1,Ann\n2,Bob\n',
    'models/slow.sql': `{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('people') }}${slow}`,
    'models/people_view.sql': "select * from {{ ref('slow') }}",
    'models/orders.sql':
      "{{ config(materialized='incremental', unique_key='id') }}\nselect id, name from {{ ref('people') }}",
    'snapshots/history.sql':
      "{% snapshot history %}{{ config(unique_key='id', strategy='check', target_schema='main') }}select " +
      "id, name from {{ ref('people') }}{% endsnapshot %}",
  };
}

/** What a build leaves: row counts, and one snapshot version per key (not two). */
async function contents(path: string) {
  return queryPglite(
    path,
    `select (select n::int from main.people_view) as n,
            (select count(*)::int from main.orders) as orders,
            (select count(*)::int from main.history) as versions,
            (select count(*)::int from pg_class where relname like '%__tsmodel_%') as leftovers`,
  );
}

describe('two tsmodel build processes at once on one PGlite folder', () => {
  let project: ProjectFixture | undefined;
  afterEach(() => project?.dispose());

  async function newProject(slow: string): Promise<ProjectFixture> {
    project = projectFixture(files(slow));
    const db = await createTestDatabase('pglite');
    await seedPgliteDatabase(db, project.dir, DB);
    await db.dispose();
    return project;
  }

  it.each([
    ['fast models', ''],
    ['a slow model', ', pg_sleep(2)'],
  ])('with %s: one waits for the other, naming it; both succeed; the result equals one build', async (_, slow) => {
    const p = await newProject(slow);
    const path = join(p.dir, DB);
    // The first is started, then the second once the first holds the folder's lock file. The first holds
    // it 8 s before it opens the folder (a fault point), so the second surely finds it held, however
    // slowly a loaded machine starts the second process.
    const first = build(p.dir, { TSMODEL_FAULT_PAUSE: 'pglite-locked:8000' });
    for (let i = 0; i < 600 && !existsSync(`${path}.lock`); i++) await new Promise((r) => setTimeout(r, 50));
    const [a, b] = await Promise.all([first, build(p.dir)]);
    expect([a.code, b.code], `${a.out}\n${b.out}`).toEqual([0, 0]);
    expect(b.out).toMatch(
      /waiting for another run on target 'embedded' to finish \(pid \d+, tsmodel build, since \d{4}-\d\d-\d\dT/,
    );
    expect(`${a.out}\n${b.out}`).not.toMatch(/PGlite failed|could not open file|tuple already updated/);
    // The folder opens cleanly, and holds what one build makes.
    expect(await contents(path)).toEqual([{ n: 2, orders: 2, versions: 2, leftovers: 0 }]);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a run that waits longer than lock_timeout fails naming the holder; a killed holder is taken over', async () => {
    const p = await newProject(', pg_sleep(30)');
    p.write(
      'profiles.yml',
      `shop:\n  target: embedded\n  outputs:\n    embedded: {type: pglite, path: ${DB}, lock_timeout: 1}\n`,
    );
    const path = join(p.dir, DB);
    const holder = spawnCli(['build'], { cwd: p.dir, quiet: true });
    const exited = new Promise((r) => holder.on('close', r));
    try {
      for (let i = 0; i < 600 && !existsSync(`${path}.lock`); i++) await new Promise((r) => setTimeout(r, 50));
      const second = await runCli(['show', '--inline', 'select 1 as one'], { cwd: p.dir });
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(
        new RegExp(
          `Another tsmodel run holds the lock on target 'embedded' \\(pid ${holder.pid}, tsmodel build, since`,
        ),
      );
      expect(second.stderr).toMatch(/hint: Wait for it to finish, or raise lock_timeout/);
    } finally {
      holder.kill('SIGKILL');
      await exited;
    }
    // Killed in the middle of its build: the lock file is stale (taken over) and the folder recovers when opened.
    p.write('models/slow.sql', files('')['models/slow.sql']!);
    const after = await build(p.dir);
    expect(after.code, after.out).toBe(0);
    expect(await contents(path)).toEqual([{ n: 2, orders: 2, versions: 2, leftovers: 0 }]);
  });

  it('Ctrl-C while waiting for the folder stops the wait and exits 130; the holder is undisturbed', async () => {
    const p = await newProject(', pg_sleep(600)');
    p.write(
      'profiles.yml',
      `shop:\n  target: embedded\n  outputs:\n    embedded: {type: pglite, path: ${DB}, lock_timeout: 600}\n`,
    );
    const path = join(p.dir, DB);
    const holder = spawnCli(['build'], { cwd: p.dir, quiet: true });
    const holderExit = new Promise<number | null>((r) => holder.on('close', r));
    for (let i = 0; i < 600 && !existsSync(`${path}.lock`); i++) await new Promise((r) => setTimeout(r, 50));
    const waiter = spawnCli(['build'], { cwd: p.dir });
    let out = '';
    waiter.stdout!.on('data', (d) => (out += String(d)));
    waiter.stderr!.on('data', (d) => (out += String(d)));
    const waiterExit = new Promise<number | null>((r) => waiter.on('close', r));
    for (let i = 0; i < 1200 && !/waiting for another run/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(new RegExp(`waiting for another run on target 'embedded' to finish \\(pid ${holder.pid}`));
    waiter.kill('SIGINT');
    // It would otherwise wait 600 s (lock_timeout) and time the test out.
    expect(await waiterExit).toBe(130);
    const results = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8')) as {
      results: { status: string; message: string }[];
    };
    expect(new Set(results.results.map((r) => `${r.status}: ${r.message}`))).toEqual(
      new Set(['cancelled: cancelled before it started']),
    );
    expect(results.results).toHaveLength(5);
    expect(holder.exitCode).toBeNull(); // still building
    holder.kill('SIGINT');
    expect(await holderExit).toBe(130);
    expect(await queryPglite(path, 'select count(*)::int as n from main.people')).toEqual([{ n: 2 }]);
  });
});
