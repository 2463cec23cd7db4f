import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { build, seed } from './run.js';

// jaffle-shop's shape: a seed loads raw_orders, and the models read that table through source(), with no ref() to
// the seed. The post-hook holds the reload (TRUNCATE + COPY) open, as a large CSV does.
const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: table\n',
  'seeds/raw_orders.csv': 'order_id\n1\n2\n',
  'seeds/seeds.yml': `version: 2
seeds:
  - name: raw_orders
    config:
      post-hook: "select pg_sleep(0.4)"
`,
  'models/staging/sources.yml': `version: 2
sources:
  - name: shop_raw
    schema: "{{ target.schema }}"
    tables:
      - name: raw_orders
`,
  'models/staging/stg_orders.sql': `select order_id from {{ source('shop_raw', 'raw_orders') }}`,
  // Its pre-hook lets the seed's reload begin first, so on PostgreSQL the code before read the table mid-reload.
  'models/marts/orders.sql': `{{ config(pre_hook='select pg_sleep(0.2)') }}select order_id from {{ ref('stg_orders') }}`,
};

describeEachDatabase('build with a seed that loads a source table on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const opts = () => ({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter(), threads: 4 });

  it('builds what reads the source after the seed reloads it, and says why', async () => {
    expect((await seed(opts())).success).toBe(true);
    project.write('seeds/raw_orders.csv', 'order_id\n1\n2\n3\n');
    const events = new MemorySink();
    const summary = await build({ ...opts(), events });
    expect(summary.success).toBe(true);
    // Before the reload: 2 rows; during it (a CREATE TABLE AS through the view blocked behind the TRUNCATE): 0.
    const built = summary.results.find((r) => r.node.name === 'orders')!;
    expect(built.rowsAffected).toBe(3);
    const started = events.events.flatMap((e) => (e.type === 'node-start' ? [e.node.name] : []));
    expect(started.indexOf('stg_orders')).toBeGreaterThan(started.indexOf('raw_orders'));
    const note = events.events.find((e) => e.type === 'log' && e.message.includes('the table of source'));
    expect(note).toMatchObject({ level: 'info', node: 'seed.shop.raw_orders' });
    expect(note!.type === 'log' && note!.message).toContain('shop_raw.raw_orders');
  });
});
