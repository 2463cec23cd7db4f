import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../adapters/index.js';
import { PrivateServer } from '../adapters/test-support/private-server.js';
import { skipNote } from '../adapters/test-support/test-databases.js';
import { waitUntil } from '../test-support/wait-until.js';
import type { PostgresTarget } from '../config/index.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { run } from './run.js';

// A server the test restarts itself, from PostgreSQL's server binaries (found through pg_config or
// PATH; CI has them). Where they are missing the suite is skipped and its title says why.
const unavailable = PrivateServer.unavailableReason();
describe.runIf(!unavailable)(`PostgreSQL restarted in the middle of a build${skipNote(unavailable)}`, () => {
  const server = new PrivateServer();
  let project: ProjectFixture;
  let target: PostgresTarget;
  beforeAll(async () => {
    await server.start();
    target = {
      type: 'postgres',
      name: 'private',
      profileName: 'shop',
      host: '127.0.0.1',
      port: server.port,
      user: 'root',
      dbname: 'postgres',
      schema: 'main',
      threads: 2,
      retries: 5,
      retryDelayMs: 300,
      retryBackoff: 1.5,
      source: 'profile',
    };
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'models/base.sql': "{{ config(materialized='table') }}\nselect g as id from generate_series(1, 1000) g",
      'models/slow.sql':
        "{{ config(materialized='table') }}\nselect count(*) as n, 1 as version from {{ ref('base') }}, pg_sleep(0)",
      'models/top.sql': "select * from {{ ref('slow') }}",
    });
    expect((await run({ projectDir: project.dir, targetConfig: target })).success).toBe(true);
  });
  afterAll(() => {
    server.stop();
    project?.dispose();
  });

  it('the statement cut by the restart is retried on a new connection; the result equals an undisturbed build', async () => {
    project.write(
      'models/slow.sql',
      "{{ config(materialized='table') }}\nselect count(*) as n, 2 as version from {{ ref('base') }}, pg_sleep(3)",
    );
    const warnings: string[] = [];
    const building = run({
      projectDir: project.dir,
      targetConfig: target,
      events: { emit: (e) => void (e.type === 'log' && e.level === 'warn' && warnings.push(e.message)) },
    });
    // Restart while slow's pg_sleep(3) runs inside its build transaction.
    const probe = createAdapter({ ...target, retries: 0 });
    await waitUntil(
      "slow's pg_sleep(3) to run on the server",
      async () => {
        const busy = await probe.query(
          `select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(3)%' and state = ` +
            `'active' and pid <> pg_backend_pid()`,
        );
        return Number(busy.rows[0]!.n) > 0;
      },
      { tries: 100 },
    );
    await probe.close();
    server.restart();
    const summary = await building;
    expect(summary.results.map((r) => [r.node.name, r.status])).toEqual([
      ['base', 'success'],
      ['slow', 'success'],
      ['top', 'success'],
    ]);
    expect(warnings.some((w) => /transient failure; retry 1/.test(w))).toBe(true);
    const check = createAdapter({ ...target, retries: 0 });
    try {
      expect((await check.query('select n::int, version from main.top')).rows).toEqual([{ n: 1000, version: 2 }]);
      expect((await check.query(`select relname from pg_class where relname like '%__tsmodel_%'`)).rows).toEqual([]);
    } finally {
      await check.close();
    }
  });
});
