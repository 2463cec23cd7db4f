import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, postgresUrlSkipNote } from '../adapters/test-support/test-databases.js';
import type { PostgresTarget } from '../config/index.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { run } from '../api/index.js';
import { waitUntil } from '../test-support/wait-until.js';
import { postgresProfile, spawnCli } from './test-support/cli.js';

// Cancelling a statement in flight needs a server (PGlite runs a statement to its end).
describe.runIf(process.env.TSMODEL_TEST_PG_URL)(`Ctrl-C during a run${postgresUrlSkipNote()}`, () => {
  let db: TestDatabase;
  let project: ProjectFixture;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const t = db.target as PostgresTarget;
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'profiles.yml': postgresProfile('shop', t, 'threads: 2'),
      'models/slow.sql': "{{ config(materialized='table') }}\nselect 1 as version",
      'models/after_slow.sql': "select * from {{ ref('slow') }}",
    });
    expect((await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() })).success).toBe(true);
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('cancels the statement in flight, rolls back, marks nodes cancelled and exits 130', async () => {
    project.write('models/slow.sql', "{{ config(materialized='table') }}\nselect 2 as version from pg_sleep(30)");
    const child = spawnCli(['run'], { cwd: project.dir });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    // Wait until the slow statement is running on the server, then press Ctrl-C.
    await waitUntil('the slow statement to run on the server', async () => {
      const busy = await db
        .adapter()
        .query(
          `select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> ` +
            `pg_backend_pid() and state = 'active'`,
        );
      return busy.rows[0]!.n === 1;
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(out).toMatch(/cancelling the statements in flight/);
    const results = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8')) as {
      results: { unique_id: string; status: string }[];
    };
    expect(Object.fromEntries(results.results.map((r) => [r.unique_id, r.status]))).toEqual({
      'model.shop.slow': 'cancelled',
      'model.shop.after_slow': 'cancelled',
    });
    expect((await db.adapter().query('select version from main.slow')).rows).toEqual([{ version: 1 }]);
    const leftovers = await db.adapter().query(`select relname from pg_class where relname like '%__tsmodel_%'`);
    expect(leftovers.rows).toEqual([]);
    const sessions = await db
      .adapter()
      .query(
        `select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()`,
      );
    expect(sessions.rows[0]!.n).toBe(0);
  });
});
