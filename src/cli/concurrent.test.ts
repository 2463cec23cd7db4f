import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, postgresUrlSkipNote } from '../adapters/test-support/test-databases.js';
import type { PostgresTarget } from '../config/index.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { postgresProfile, runCli } from './test-support/cli.js';

const build = (dir: string) => runCli(['build'], { cwd: dir }).then((r) => ({ code: r.code, out: r.all }));

// Two processes on one server: PostgreSQL.
describe.runIf(process.env.TSMODEL_TEST_PG_URL)(
  `two tsmodel build processes at once on one target${postgresUrlSkipNote()}`,
  () => {
    let db: TestDatabase;
    let project: ProjectFixture;
    beforeAll(async () => {
      db = await createTestDatabase('postgres');
      const t = db.target as PostgresTarget;
      project = projectFixture({
        'project.yml': 'name: shop\n',
        'profiles.yml': postgresProfile('shop', t, 'threads: 2, lock_timeout: 120'),
        'seeds/people.csv': 'id,name\n1,Ann\n2,Bob\n',
        'models/slow.sql':
          "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('people') }}, pg_sleep(1)",
        'models/people_view.sql': "select * from {{ ref('slow') }}",
        'snapshots/history.sql':
          "{% snapshot history %}{{ config(unique_key='id', strategy='check', " +
          "target_schema='main') }}select id, name from {{ ref('people') }}{% endsnapshot %}",
      });
    });
    afterAll(async () => {
      await db.dispose();
      project.dispose();
    });

    it('one waits for the other; both succeed and the result equals one build', async () => {
      const [a, b] = await Promise.all([build(project.dir), build(project.dir)]);
      expect([a.code, b.code]).toEqual([0, 0]);
      expect(`${a.out}\n${b.out}`).toMatch(/waiting for another run on target 'pg' to finish \(pid \d+/);
      const q = async (sql: string) => (await db.adapter().query(sql)).rows;
      expect(await q('select n::int from main.people_view')).toEqual([{ n: 2 }]);
      // The snapshot ran twice, one after the other: one version per key, not two.
      expect(await q('select id, count(*)::int as versions from main.history group by id order by id')).toEqual([
        { id: 1, versions: 1 },
        { id: 2, versions: 1 },
      ]);
    });
  },
);
