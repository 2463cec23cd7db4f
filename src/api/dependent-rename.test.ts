import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { databaseProject } from './test-support/database-project.js';
import { run } from './run.js';

describeEachDatabase('a column renamed through a chain of views on %s', (kind) => {
  const { db, project } = databaseProject(
    kind,
    {
      'project.yml': 'name: shop\n',
      'models/base.sql': `{{ config(materialized='table') }}\nselect 1 as id, 'Ann' as old_name`,
      'models/middle.sql': `select id, old_name from {{ ref('base') }}`,
      'models/top.sql': `select id, old_name from {{ ref('middle') }}`,
    },
    'all',
  );

  it('rebuilds: dependents this run also builds are recreated from their new SQL', async () => {
    const go = (select?: string[]) =>
      run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter(), select });
    expect((await go()).success).toBe(true);
    for (const f of ['base', 'middle', 'top']) {
      const file = `models/${f}.sql`;
      const text = {
        base: `{{ config(materialized='table') }}\nselect 1 as id, 'Ann' as new_name`,
        middle: `select id, new_name from {{ ref('base') }}`,
        top: `select id, new_name from {{ ref('middle') }}`,
      }[f]!;
      project.write(file, text);
    }
    const res = await go();
    expect(res.results.map((r) => [r.node.name, r.status])).toEqual([
      ['base', 'success'],
      ['middle', 'success'],
      ['top', 'success'],
    ]);
    expect((await db.adapter().query('select * from main.top')).rows).toEqual([{ id: 1, new_name: 'Ann' }]);
  });

  it('a dependent this run does not build keeps its definition, and a clash is a clear error', async () => {
    project.write('models/base.sql', `{{ config(materialized='table') }}\nselect 1 as id, 'Ann' as newer_name`);
    const res = await run({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      select: ['base'],
    });
    expect(res.success).toBe(false);
    expect(res.results[0]!.error?.message).toMatch(/recreate dependent view main\.middle/);
    expect(res.results[0]!.error?.hint).toContain('--select base+');
    expect((await db.adapter().query('select * from main.base')).rows).toEqual([{ id: 1, new_name: 'Ann' }]);
  });
});
