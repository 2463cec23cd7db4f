import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { run } from './run.js';

const FILES: Record<string, string> = {
  'project.yml': `name: shop
profile: shop
models:
  shop:
    staging:
      +materialized: view
      +schema: staging
    marts:
      +materialized: table
`,
  'models/staging/stg_orders.sql':
    'select * from (values (1, 10, 100.0), (2, 10, 50.0), (3, 20, 25.5)) as t(order_id, customer_id, amount)',
  'models/staging/stg_customers.sql': `select * from (values (10, 'Ada'), (20, 'Bob')) as t(customer_id, name)`,
  'models/marts/order_facts.sql': `{{ config(indexes=[{'columns': ['customer_id']}]) }}
select o.order_id, o.customer_id, c.name, o.amount from {{ ref('stg_orders') }} o join {{ ref('customer_names') }} c using (customer_id)`,
  'models/marts/customer_names.sql': `{{ config(materialized='ephemeral') }}
select customer_id, upper(name) as name from {{ ref('stg_customers') }}`,
  'models/marts/revenue.sql': `select customer_id, sum(amount) as revenue from {{ ref('order_facts') }} group by 1`,
};

describeEachDatabase('run on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES, 'all');

  it('builds views, tables and ephemeral CTEs in dependency order', async () => {
    const events = new MemorySink();
    const summary = await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter(), events });
    expect(summary.results.map((r) => [r.node.name, r.status])).toEqual([
      ['stg_customers', 'success'],
      ['stg_orders', 'success'],
      ['order_facts', 'success'],
      ['revenue', 'success'],
    ]);
    expect(summary.results.find((r) => r.node.name === 'order_facts')!.rowsAffected).toBe(3);
    const rows = await db
      .adapter()
      .query('select customer_id, revenue::float8 as revenue from main.revenue order by 1');
    expect(rows.rows).toEqual([
      { customer_id: 10, revenue: 150 },
      { customer_id: 20, revenue: 25.5 },
    ]);
    const names = await db.adapter().query('select name from main.order_facts order by order_id');
    expect(names.rows.map((r) => r.name)).toEqual(['ADA', 'ADA', 'BOB']);
    const kinds = await db
      .adapter()
      .query(
        `select n.nspname || '.' || c.relname as rel, c.relkind::text as kind from pg_class c join ` +
          `pg_namespace n on n.oid = c.relnamespace where n.nspname in ('main', 'main_staging') and ` +
          `c.relkind in ('r','v') order by 1`,
      );
    expect(kinds.rows).toEqual([
      { rel: 'main.order_facts', kind: 'r' },
      { rel: 'main.revenue', kind: 'r' },
      { rel: 'main_staging.stg_customers', kind: 'v' },
      { rel: 'main_staging.stg_orders', kind: 'v' },
    ]);
    const idx = await db
      .adapter()
      .query(`select indexname from pg_indexes where schemaname = 'main' and tablename = 'order_facts'`);
    expect(idx.rows.map((r) => r.indexname)).toEqual(['order_facts_customer_id_idx']);
  });
});
