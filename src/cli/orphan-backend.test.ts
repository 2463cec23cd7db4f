import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../adapters/test-support/test-databases.js';
import type { PostgresTarget } from '../config/index.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { postgresProfile, runCli, spawnCli } from './test-support/cli.js';

// A run killed with SIGKILL leaves its statement running on the server (it
// notices the dead client only when it next writes to it). The rerun gets the
// run lock, then waits for that statement's locks: it must say whom it waits for.

const HOLDS_LOCK =
  "{{ config(materialized='table', pre_hook='lock table main.thing in access exclusive mode') }}\nselect 1 as x from pg_sleep(600)";

describe.runIf(process.env.TSMODEL_TEST_PG_URL)('a rerun blocked by a killed run’s orphan backend', () => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const q = async (sql: string) => (await db.adapter().query(sql)).rows;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'profiles.yml': postgresProfile('shop', db.target as PostgresTarget, 'retries: 0'),
      'models/thing.sql': "{{ config(materialized='table') }}\nselect 1 as x",
    });
    const first = await runCli(['run'], { cwd: project.dir });
    expect(first.code, first.all).toBe(0);
  });
  afterAll(async () => {
    await q(
      `select pg_terminate_backend(pid) from pg_stat_activity where query like '%pg_sleep(600)%' and pid <> pg_backend_pid()`,
    );
    await db.dispose();
    project.dispose();
  });

  it('names the session it waits for (pid, application, since, statement) and goes on once it ends', async () => {
    project.write('models/thing.sql', HOLDS_LOCK);
    const killed = spawnCli(['run'], { cwd: project.dir, quiet: true });
    const gone = new Promise((r) => killed.on('close', r));
    const orphan = async () =>
      q(
        `select pid from pg_stat_activity where query like '%pg_sleep(600)%' and state = 'active' and pid <> pg_backend_pid()`,
      );
    for (let i = 0; i < 600 && (await orphan()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const [row] = await orphan();
    expect(row).toBeDefined();
    killed.kill('SIGKILL');
    await gone;

    project.write('models/thing.sql', "{{ config(materialized='table') }}\nselect 2 as x");
    const rerun = spawnCli(['run'], { cwd: project.dir });
    let out = '';
    rerun.stdout!.on('data', (d) => (out += String(d)));
    rerun.stderr!.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((r) => rerun.on('close', (code) => r(code)));
    // The statement shown is the node's batch (its pre-hook, then the create: one simple query since issue 20).
    const line = new RegExp(
      `waits for a lock held by pid ${String(row!.pid)} \\(tsmodel, connected since \\d{4}-\\d\\d-\\d\\d ` +
        '\\d\\d:\\d\\d:\\d\\d, running for \\d+s: (?:lock table main\\.thing|create table) ',
    );
    for (let i = 0; i < 600 && !line.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toMatch(line);
    expect(out).toContain(`end it with: select pg_terminate_backend(${String(row!.pid)})`);
    await q(`select pg_terminate_backend(${Number(row!.pid)})`);
    expect(await exited, out).toBe(0);
    expect(await q('select x from main.thing')).toEqual([{ x: 2 }]);
  });
});
