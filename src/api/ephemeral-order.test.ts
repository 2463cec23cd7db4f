import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { build } from './run.js';

// Issue 23: a test on an ephemeral model ran first, before the table the ephemeral reads existed.
const FILES: Record<string, string> = {
  'project.yml': 'name: shop\n',
  'models/a.sql': "{{ config(materialized='table') }}\nselect 1 as id union all select 2",
  'models/b.sql': "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('a') }}",
  'models/c.sql': "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('b') }}",
  'models/d.sql': "{{ config(materialized='table') }}\nselect id * 10 as id from {{ ref('c') }}",
  'models/schema.yml': `version: 2
models:
  - name: b
    columns:
      - name: id
        data_tests: [not_null]
  - name: c
    columns:
      - name: id
        data_tests: [unique]
`,
};

describeEachDatabase('build order through ephemeral models on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const go = async (threads: number) => {
    const events = new MemorySink();
    const summary = await build({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      threads,
      events,
    });
    const started = events.events.flatMap((e) => (e.type === 'node-start' ? [e.node.name] : []));
    return { summary, started, status: Object.fromEntries(summary.results.map((r) => [r.node.name, r.status])) };
  };

  it('on a fresh database, tests on ephemeral models run after the tables the ephemerals read', async () => {
    const { summary, started, status } = await go(1);
    expect(status).toEqual({ a: 'success', not_null_b_id: 'pass', unique_c_id: 'pass', d: 'success' });
    expect(started.indexOf('not_null_b_id')).toBeGreaterThan(started.indexOf('a'));
    expect(started.indexOf('unique_c_id')).toBeGreaterThan(started.indexOf('a'));
    expect(summary.success).toBe(true);
  });

  it('with many threads, a model reading an ephemeral chain waits for its tables and the tests on the chain', async () => {
    const { summary, started } = await go(4);
    expect(summary.success).toBe(true);
    expect(started.indexOf('d')).toBeGreaterThan(started.indexOf('a'));
    expect(started.indexOf('d')).toBeGreaterThan(started.indexOf('unique_c_id'));
    const rows = await db.adapter().query('select id from main.d order by id');
    expect(rows.rows).toEqual([{ id: 10 }, { id: 20 }]);
  });

  it('a failing test on an ephemeral model skips the models built from it', async () => {
    project.write('models/a.sql', "{{ config(materialized='table') }}\nselect 1 as id union all select null");
    const { summary, status } = await go(2);
    expect(status.not_null_b_id).toBe('fail');
    expect(status.d).toBe('skipped');
    expect(summary.success).toBe(false);
  });
});
