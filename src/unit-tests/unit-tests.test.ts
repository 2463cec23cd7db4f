import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { databaseProject } from '../api/test-support/database-project.js';
import { build, test } from '../api/index.js';
import { ls } from '../api/ls.js';
import { MemorySink } from '../events/index.js';
import { SHOP_FILES } from './test-support/shop.js';
import { CAFE_FILES } from './test-support/cafe.js';

const relations = async (q: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>) =>
  (
    await q(
      `select n.nspname || '.' || c.relname as r from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%'
       and n.nspname not like 'pg_toast_temp%' and c.relkind in ('r', 'v', 'p', 'm') order by 1`,
    )
  ).rows.map((r) => String(r.r));

describeEachDatabase('unit tests on %s', (kind) => {
  const { db, project } = databaseProject(kind, SHOP_FILES);
  const opts = (extra: Record<string, unknown> = {}) => ({
    projectDir: project.dir,
    targetConfig: db.target,
    adapter: db.adapter(),
    threads: 1,
    env: {},
    ...extra,
  });
  const byName = (s: Awaited<ReturnType<typeof test>>) => new Map(s.results.map((r) => [r.node.name, r]));

  it('run before anything is built (types inferred), touch nothing, and run the same once it is built', async () => {
    const before = await relations((sql) => db.adapter().query(sql));
    const first = await test(opts({ select: ['test_type:unit'], exclude: ['tag:failing'] }));
    expect(
      first.results.map((r) => `${r.node.name}: ${r.status} ${r.status === 'pass' ? '' : r.message}`).sort(),
    ).toEqual([
      'events_with_overridden_env_and_macro: pass ',
      'incremental_reads_only_new_rows: pass ',
      'stg_orders_lowercases_and_drops_refunds: pass ',
      'totals_from_csv: pass ',
      'totals_from_fixture_files: pass ',
      'totals_vip_threshold_override: pass ',
    ]);
    expect(first.success).toBe(true);
    expect(await relations((sql) => db.adapter().query(sql))).toEqual(before);
    await build(opts({ exclude: ['test_type:unit'] }));
    const again = await test(opts({ select: ['test_type:unit'], exclude: ['tag:failing'] }));
    expect(again.results.map((r) => r.status)).toEqual(first.results.map(() => 'pass'));
    const runResults = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8'));
    expect(runResults.results[0].adapter_response.tsmodel.unit_test.ran_on).toMatch(/^target /);
  });

  it('show a failure as a diff table, in the result and in run_results.json', async () => {
    const summary = await test(opts({ select: ['tag:failing'] }));
    expect(summary.success).toBe(false);
    const r = byName(summary).get('totals_wrong_on_purpose')!;
    expect(r.status).toBe('fail');
    expect(r.message.split('\n')).toEqual([
      'unit test of customer_totals: 2 expected rows missing, 2 unexpected rows returned (1 matched)',
      '    | customer | total | orders',
      '  --+----------+-------+-------',
      '  - | bob      | 20    | 1',
      '  + | bob      | «2»   | 1',
      '  - | dee      | 4     | 1',
      '  + | «cy»     | «3»   | 1',
    ]);
    const entry = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8')).results[0];
    expect(entry.status).toBe('fail');
    expect(entry.adapter_response.tsmodel.unit_test.diff).toMatchObject({
      columns: ['customer', 'total', 'orders'],
      missing: 2,
      extra: 2,
      matched: 1,
      more: 0,
    });
    expect(entry.adapter_response.tsmodel.unit_test.diff.rows[1]).toEqual({
      diff: '+',
      values: { customer: 'bob', total: '2', orders: '1' },
      differs: ['total'],
    });
  });

  it('run on an in-memory embedded database with --unit-on embedded, leaving the target alone', async () => {
    const before = await relations((sql) => db.adapter().query(sql));
    const events = new MemorySink();
    const summary = await test(
      opts({ select: ['test_type:unit'], exclude: ['tag:failing'], unitOn: 'embedded', events }),
    );
    expect(summary.results.map((r) => `${r.status} ${r.status === 'pass' ? '' : r.message}`)).toEqual(
      Array(6).fill('pass '),
    );
    const logs = events.events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs).toContain('6 unit tests run on the embedded database (in memory): --unit-on embedded');
    expect(await relations((sql) => db.adapter().query(sql))).toEqual(before);
    // The next embedded run starts from a dump of an empty database instead of running initdb again.
    expect(readdirSync(join(project.dir, '.tsmodel')).filter((f) => /^pglite-empty-.*\.tar\.gz$/.test(f))).toHaveLength(
      1,
    );
    const again = await test(opts({ select: ['test_type:unit'], exclude: ['tag:failing'], unitOn: 'embedded' }));
    expect(again.results.map((r) => r.status)).toEqual(Array(6).fill('pass'));
  });

  it('gate a model in build: a failing unit test skips the model and what is built from it', async () => {
    const summary = await build(opts());
    const status = new Map(summary.results.map((r) => [r.node.name, r.status]));
    expect(status.get('totals_wrong_on_purpose')).toBe('fail');
    expect(status.get('customer_totals')).toBe('skipped');
    expect(status.get('customer_report')).toBe('skipped');
    expect(status.get('stg_orders')).toBe('success');
    expect(status.get('orders_incr')).toBe('success');
    const order = summary.results.map((r) => r.node.name);
    expect(order.indexOf('stg_orders_lowercases_and_drops_refunds')).toBeLessThan(order.indexOf('stg_orders'));
    expect(order.indexOf('raw_orders')).toBeLessThan(order.indexOf('stg_orders_lowercases_and_drops_refunds'));
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target/manifest.json'), 'utf8'));
    const unit = manifest.unit_tests['unit_test.shop.customer_totals.totals_from_csv'];
    expect(unit).toMatchObject({ resource_type: 'unit_test', model: 'customer_totals', config: { tags: ['csv'] } });
    expect(unit.given[0]).toMatchObject({ input: "ref('stg_orders')", format: 'csv' });
    expect(manifest.nodes['unit_test.shop.customer_totals.totals_from_csv']).toBeUndefined();
  });
});

describe('selecting unit tests', () => {
  const { db, project } = databaseProject('pglite', {
    ...SHOP_FILES,
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: stg_orders\n    columns:\n      - name: order_id\n        data_tests: [unique]\n',
    'tests/no_negative.sql': `select * from {{ ref('stg_orders') }} where amount < 0`,
  });
  const names = (select: string[], resourceTypes?: ('unit_test' | 'test')[]) =>
    ls({ projectDir: project.dir, targetConfig: db.target, select, resourceTypes }).map((e) => e.name);

  it('by test_type:unit and test_type:data, by the model they test, and by resource type', () => {
    expect(names(['test_type:unit'])).toHaveLength(7);
    expect(names(['test_type:data']).sort()).toEqual(['no_negative', 'unique_stg_orders_order_id']);
    expect(names(['test_type:singular'])).toEqual(['no_negative']);
    expect(names(['stg_orders'], ['unit_test'])).toEqual(['stg_orders_lowercases_and_drops_refunds']);
    expect(names(['tag:csv'])).toEqual(['totals_from_csv']);
    expect(names(['resource_type:unit_test'])).toHaveLength(7);
  });
});

describeEachDatabase('jaffle-shop-like unit tests on %s', (kind) => {
  const { db, project } = databaseProject(kind, CAFE_FILES);
  it('pass with nothing built, on the target and on the embedded database', async () => {
    for (const unitOn of ['target', 'embedded'] as const) {
      const summary = await test({
        projectDir: project.dir,
        targetConfig: db.target,
        adapter: db.adapter(),
        select: ['test_type:unit'],
        unitOn,
      });
      expect(
        summary.results.map((r) => `${r.node.name}: ${r.status} ${r.status === 'pass' ? '' : r.message}`).sort(),
      ).toEqual([
        'item_counts_become_flags: pass ',
        'opening_time_is_cut_to_the_day: pass ',
        'supply_costs_add_up_per_product: pass ',
      ]);
    }
  });
});

describeEachDatabase('a source loaded by a seed of the project, on %s', (kind) => {
  const { db, project } = databaseProject(kind, {
    'project.yml':
      'name: cafe\nseeds:\n  cafe:\n    +schema: raw\n    +enabled: "{{ var(\'load_raw\', false) }}"\n' +
      'models:\n  cafe:\n    +materialized: view\n',
    'macros/schema.sql':
      '{% macro generate_schema_name(custom, node) %}{{ custom if custom else target.schema }}{% endmacro %}',
    'seeds/products.csv': 'sku,name,price\nJAF-001,toastie,1100\n',
    'models/sources.yml':
      'version: 2\nsources:\n  - name: shop\n    schema: raw\n    tables:\n      - name: products\n',
    'models/priced.sql': "select sku, name, price / 100.0 as dollars from {{ source('shop', 'products') }}",
    'models/unit.yml': `version: 2
unit_tests:
  - name: cents_to_dollars
    model: priced
    given:
      - input: source('shop', 'products')
        rows: [{sku: 1, price: 250}]
    expect:
      rows: [{sku: 1, name: null, dollars: 2.5}]
`,
  });
  it('is typed like that seed (disabled or not) when the database does not have it', async () => {
    const summary = await test({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      select: ['test_type:unit'],
      unitOn: 'embedded',
    });
    expect(summary.results.map((r) => `${r.status} ${r.status === 'pass' ? '' : r.message}`)).toEqual(['pass ']);
  });
});
