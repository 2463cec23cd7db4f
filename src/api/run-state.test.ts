import { expect, it } from 'vitest';
import { countRoundTrips } from '../adapters/round-trips.js';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { databaseProject } from './test-support/database-project.js';
import { run } from './run.js';

/** What a run sends but no node does: the run lock's blocked-session watch polls on a timer. */
const work = (log: string[]) => log.filter((s) => !s.includes('pg_blocking_pids'));

describeEachDatabase('the catalog read once per run on %s', (kind) => {
  const { db, project } = databaseProject(
    kind,
    {
      'project.yml': 'name: shop\n',
      'models/base.sql': `{{ config(materialized='table') }}\nselect 1 as id, 'Ann' as name`,
      'models/middle.sql': `select id, name from {{ ref('base') }}`,
      'models/top.sql': `select id, name from {{ ref('middle') }}`,
    },
    'all',
  );

  const go = async (select?: string[]) => {
    const counted = countRoundTrips(db.adapter());
    const res = await run({ projectDir: project.dir, targetConfig: db.target, adapter: counted.adapter, select });
    return { res, log: work(counted.log()) };
  };

  it('builds each model in one request, BEGIN and COMMIT in its batch; no catalog query per model', async () => {
    const first = await go();
    expect(first.res.success).toBe(true);
    const rebuild = await go();
    expect(rebuild.res.success).toBe(true);
    // The run: its lock (PostgreSQL: lock, unlock, the session's DISCARD ALL), the schema, the catalog (one
    // batch, BEGIN and COMMIT with it); then per model one request: its statements as one batch, BEGIN and
    // COMMIT with them. The rebuild of base recreates middle and top as they were.
    const lock = kind === 'postgres' ? 3 : 0;
    for (const { log } of [first, rebuild]) {
      expect(log.length, log.join('\n')).toBe(lock + 1 + 1 + 3);
      const body = log.filter((s) => !/advisory|DISCARD ALL/.test(s));
      expect(body[1]).toBe('BEGIN + batch of 5 + COMMIT'); // jit off, relations, search_path, views, foreign keys
      expect(
        body.slice(2).every((s) => /^BEGIN \+ batch of \d+ \+ COMMIT$/.test(s)),
        body.join('\n'),
      ).toBe(true);
    }
    expect(rebuild.log.filter((s) => s.includes('batch')).length).toBe(4);
    expect((await db.adapter().query('select * from main.top')).rows).toEqual([{ id: 1, name: 'Ann' }]);
  });

  it('keeps a view that this run created on a relation it then rebuilds (the snapshot did not know it)', async () => {
    // late_view reads base by name, not by ref(); base waits for it (a ref in a comment), so the run creates
    // late_view after its catalog read and then rebuilds base: the drop without CASCADE fails, base is planned
    // again from a fresh read of its dependents, and late_view is recreated.
    project.write('models/late_view.sql', 'select id from main.base');
    project.write('models/base.sql', "{{ config(materialized='table') }}\n-- {{ ref('late_view') }}\nselect 1 as id");
    project.write('models/middle.sql', 'select id from {{ ref("base") }}');
    project.write('models/top.sql', 'select id from {{ ref("middle") }}');
    const { res } = await go();
    expect(res.results.map((r) => [r.node.name, r.status])).toEqual([
      ['late_view', 'success'],
      ['base', 'success'],
      ['middle', 'success'],
      ['top', 'success'],
    ]);
    expect((await db.adapter().query('select * from main.late_view')).rows).toEqual([{ id: 1 }]);
  });
});
