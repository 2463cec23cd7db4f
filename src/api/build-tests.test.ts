import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { build } from './run.js';

const schema = (stagingSeverity: 'error' | 'warn') => `version: 2
seeds:
  - name: raw_orders
    columns:
      - name: amount
        data_tests:
          - not_null: {config: {severity: warn}}
models:
  - name: stg_orders
    columns:
      - name: order_id
        data_tests: [unique]
      - name: amount
        data_tests:
          - not_null: {config: {severity: ${stagingSeverity}}}
  - name: order_totals
    columns:
      - name: total
        data_tests: [not_null]
`;

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: table\n',
  'seeds/raw_orders.csv': 'order_id,amount\n1,10\n2,\n3,5\n',
  'models/staging/stg_orders.sql': `select order_id, amount from {{ ref('raw_orders') }}`,
  'models/marts/order_totals.sql': `select sum(amount) as total from {{ ref('stg_orders') }}`,
  'models/marts/lonely.sql': 'select 1 as x',
  'models/schema.yml': schema('error'),
};

describeEachDatabase('build with tests on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES, 'all');
  const go = async (extra: { select?: string[] } = {}) => {
    const events = new MemorySink();
    const summary = await build({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      threads: 1,
      events,
      ...extra,
    });
    const started = events.events.flatMap((e) => (e.type === 'node-start' ? [e.node.name] : []));
    return { summary, started, status: new Map(summary.results.map((r) => [r.node.name, r.status])) };
  };

  it("runs each node's tests right after it, and an error-severity failure skips what is built from it", async () => {
    const { summary, started, status } = await go();
    expect(started).toEqual([
      'lonely',
      'raw_orders',
      'not_null_raw_orders_amount',
      'stg_orders',
      'not_null_stg_orders_amount',
      'unique_stg_orders_order_id',
    ]);
    expect(Object.fromEntries(status)).toEqual({
      lonely: 'success',
      raw_orders: 'success',
      not_null_raw_orders_amount: 'warn',
      stg_orders: 'success',
      not_null_stg_orders_amount: 'fail',
      unique_stg_orders_order_id: 'pass',
      order_totals: 'skipped',
      not_null_order_totals_total: 'skipped',
    });
    expect(summary.success).toBe(false);
    expect(summary.quality!.tests.find((t) => t.name === 'not_null_order_totals_total')!.status).toBe('skipped');
  });

  it('a warn-severity failure never blocks', async () => {
    project.write('models/schema.yml', schema('warn'));
    const { summary, status } = await go();
    expect(status.get('not_null_stg_orders_amount')).toBe('warn');
    expect(status.get('order_totals')).toBe('success');
    expect(status.get('not_null_order_totals_total')).toBe('pass');
    expect(summary.success).toBe(true);
  });

  it('--select picks the tests of the selected nodes', async () => {
    const { started } = await go({ select: ['stg_orders'] });
    expect(started).toEqual(['stg_orders', 'not_null_stg_orders_amount', 'unique_stg_orders_order_id']);
  });
});
