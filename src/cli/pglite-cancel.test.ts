import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { queryPglite, runCli, seedPgliteDatabase, spawnCli } from './test-support/cli.js';

// Ctrl-C and SIGTERM on the embedded database: PGlite runs in a worker thread,
// so the signal is seen while a statement runs, and the statement is abandoned.
// The model sleeps 600 s: a run that does not interrupt it times the test out.

const DB = '.tsmodel/pgdata';
const FAST = "{{ config(materialized='table') }}\nselect 1 as version";
const SLOW = "{{ config(materialized='table') }}\nselect 2 as version from pg_sleep(600)";

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `tsmodel run` and resolves once the slow model's statement has been running for a moment. */
async function startSlowRun(dir: string, env: Record<string, string> = {}): Promise<Started> {
  const child = spawnCli(['run'], { cwd: dir, env });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  for (let i = 0; i < 1200 && !/START table model main\.slow/.test(out); i++)
    await new Promise((r) => setTimeout(r, 50));
  expect(out).toMatch(/START table model main\.slow/);
  await new Promise((r) => setTimeout(r, 1500));
  return { child, output: () => out, exited };
}

function statuses(dir: string): Record<string, string> {
  const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
    results: { unique_id: string; status: string; message: string }[];
  };
  return Object.fromEntries(results.results.map((r) => [r.unique_id, `${r.status}: ${r.message.split(':')[0]}`]));
}

/** The folder opens, the last committed version is there, and nothing half-built is left. */
async function state(dir: string) {
  return queryPglite(
    join(dir, DB),
    `select (select version from main.slow) as version,
            (select count(*)::int from pg_class where relname like '%__tsmodel_%') as leftovers`,
  );
}

describe('Ctrl-C and SIGTERM during a run on PGlite', () => {
  let project: ProjectFixture;
  beforeAll(async () => {
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'models/slow.sql': FAST,
      'models/after_slow.sql': "select * from {{ ref('slow') }}",
    });
    const db = await createTestDatabase('pglite');
    await seedPgliteDatabase(db, project.dir, DB);
    await db.dispose();
    const first = await runCli(['run'], { cwd: project.dir });
    expect(first.code, first.all).toBe(0);
  });
  afterAll(() => project.dispose());

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s: abandons the statement in flight, rolls back, marks nodes cancelled and exits 130',
    async (signal) => {
      project.write('models/slow.sql', SLOW);
      const run = await startSlowRun(project.dir);
      run.child.kill(signal);
      expect(await run.exited).toBe(130);
      expect(run.output()).toMatch(new RegExp(`${signal}: cancelling the statements in flight`));
      expect(statuses(project.dir)).toEqual({
        'model.shop.slow': 'cancelled: cancelled while running',
        'model.shop.after_slow': 'cancelled: cancelled before it started',
      });
      expect(existsSync(join(project.dir, `${DB}.lock`))).toBe(false);
      expect(await state(project.dir)).toEqual([{ version: 1, leftovers: 0 }]);
    },
  );

  it('a second Ctrl-C exits at once; the folder still opens with its previous contents', async () => {
    project.write('models/slow.sql', SLOW);
    rmSync(join(project.dir, 'target/run_results.json'), { force: true });
    // The recovery after the first Ctrl-C is held for 60 s (a fault point), so the second press surely lands
    // while the first cancellation is still recovering the folder, however loaded the machine is.
    const run = await startSlowRun(project.dir, { TSMODEL_FAULT_PAUSE: 'pglite-recovery:60000' });
    run.child.kill('SIGINT');
    // A second signal sent before the first is handled would merge with it (POSIX does not queue them):
    // press again once the first is seen.
    for (let i = 0; i < 600 && !/cancelling the statements in flight/.test(run.output()); i++)
      await new Promise((r) => setTimeout(r, 20));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    // It did not wait for the cancellation to finish the run (which writes run_results.json and a summary).
    expect(run.output()).not.toMatch(/Finished in/);
    expect(existsSync(join(project.dir, 'target/run_results.json'))).toBe(false);
    expect(await state(project.dir)).toEqual([{ version: 1, leftovers: 0 }]);
    // And the next run builds on it as if nothing had happened.
    project.write('models/slow.sql', FAST.replace('1 as version', '3 as version'));
    const next = await runCli(['run'], { cwd: project.dir });
    expect(next.code, next.all).toBe(0);
    expect(await state(project.dir)).toEqual([{ version: 3, leftovers: 0 }]);
  });
});
