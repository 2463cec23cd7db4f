import { existsSync, renameSync, unlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { watch, type WatchHandle } from './index.js';
import type { WatchSummary } from '../events/index.js';
import { WatchRecorder } from './test-support/watch-recorder.js';

const ORDERS = `select order_id, {{ to_dollars('cents') }} as amount
from (values (1, 1000), (2, 2550)) as t(order_id, cents)
`;

const SCHEMA = `version: 2
models:
  - name: orders
    columns:
      - name: order_id
        data_tests: [not_null, unique]
`;

function files(): Record<string, string> {
  return {
    'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'macros/money.sql': '{% macro to_dollars(col) %}round({{ col }} / 100.0, 2){% endmacro %}\n',
    'seeds/rates.csv': 'code,rate\nEUR,1.1\nGBP,1.3\n',
    'models/orders.sql': ORDERS,
    'models/order_totals.sql': "select count(*)::int as n, sum(amount)::float8 as total from {{ ref('orders') }}\n",
    'models/customers.sql':
      "{{ config(materialized='view') }}\nselect * from (values (10, 'Ada')) as t(customer_id, name)\n",
    'models/rated.sql': "select code, rate * {{ var('factor', 2) }} as scaled from {{ ref('rates') }}\n",
    'models/schema.yml': SCHEMA,
  };
}

const TESTS = ['not_null_orders_order_id', 'unique_orders_order_id'];

describeEachDatabase('build --watch on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let handle: WatchHandle;
  const rec = new WatchRecorder();
  const q = async (sql: string) => (await db.adapter().query(sql)).rows;
  /** Makes a change and waits for the first summary after it that matches. */
  const change = (edit: () => void, match?: (s: WatchSummary) => boolean) => {
    const from = rec.count;
    edit();
    return rec.until(from, match);
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(files());
    handle = await watch({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      command: 'build',
      events: rec,
      debounceMs: 60,
    });
  });
  afterAll(async () => {
    await handle?.stop();
    await db.dispose();
    project.dispose();
  });

  it('builds everything first', async () => {
    const first = await rec.until(0);
    expect(first.rebuild).toBe(0);
    expect(first.outcome).toBe('built');
    expect([...first.rebuilt].sort()).toEqual(
      ['customers', 'order_totals', 'orders', 'rated', 'rates', ...TESTS].sort(),
    );
    expect(await q('select n, total from main.order_totals')).toEqual([{ n: 2, total: 35.5 }]);
  });

  it('rebuilds an edited model and what depends on it, and says so first', async () => {
    const s = await change(() =>
      project.write('models/orders.sql', ORDERS.replace('(2, 2550)', '(2, 2550), (3, 450)')),
    );
    expect(s.outcome).toBe('built');
    expect(s.changed).toEqual(['models/orders.sql']);
    expect([...s.rebuilt].sort()).toEqual(['order_totals', 'orders', ...TESTS].sort());
    expect(s.counts).toEqual({ success: 2, pass: 2 });
    expect(await q('select n, total from main.order_totals')).toEqual([{ n: 3, total: 40 }]);
    const report = rec.reportOf(s.rebuild);
    expect(report[0]!.type).toBe('watch'); // the summary comes first, then the per-node lines
    const lines = report.flatMap((e) => (e.type === 'node-end' ? [`${e.node.name} ${e.status}`] : []));
    expect(lines).toEqual(
      expect.arrayContaining(['orders success', 'order_totals success', 'not_null_orders_order_id pass']),
    );
    expect(report.some((e) => e.type === 'node-start' || e.type === 'run-start')).toBe(false);
  });

  it('rebuilds nothing for a whitespace-only edit', async () => {
    const reformatted = `select
    order_id,
    {{to_dollars('cents')}}   as amount
from (values (1, 1000), (2, 2550), (3, 450)) as t(order_id, cents)


`;
    const s = await change(() => project.write('models/orders.sql', reformatted));
    expect(s.changed).toEqual(['models/orders.sql']);
    expect(s.outcome).toBe('unchanged');
    expect(s.rebuilt).toEqual([]);
  });

  it('rebuilds nothing for a file saved or touched without a change', async () => {
    const saved = await change(() => project.write('models/customers.sql', files()['models/customers.sql']!));
    expect(saved.outcome).toBe('unchanged');
    const later = new Date(Date.now() + 5000);
    const touched = await change(() => utimesSync(join(project.dir, 'models/order_totals.sql'), later, later));
    expect(touched.changed).toEqual(['models/order_totals.sql']);
    expect(touched.outcome).toBe('unchanged');
  });

  it('reports a broken template with its file and line, keeps watching, and rebuilds the fix', async () => {
    const broken = await change(() =>
      project.write(
        'models/orders.sql',
        `select order_id,\n  {{ to_dollars('cents' }} as amount\nfrom (values (1, 1000)) as t(order_id, cents)\n`,
      ),
    );
    expect(broken.outcome).toBe('invalid');
    expect(broken.errors).toBeGreaterThan(0);
    const errors = rec.errorsOf(broken.rebuild);
    expect(errors.map((e) => [e.code, e.location?.file, e.location?.line])).toContainEqual([
      'template',
      'models/orders.sql',
      2,
    ]);

    const fixed = await change(() =>
      project.write('models/orders.sql', ORDERS.replace('(2, 2550)', '(2, 2550), (3, 450), (4, 50)')),
    );
    expect(fixed.outcome).toBe('built');
    expect(fixed.rebuilt).toEqual(expect.arrayContaining(['orders', 'order_totals']));
    expect(await q('select n, total from main.order_totals')).toEqual([{ n: 4, total: 40.5 }]);
  });

  it('rebuilds the callers of an edited macro and nothing else', async () => {
    const s = await change(() =>
      project.write('macros/money.sql', '{% macro to_dollars(col) %}round({{ col }} / 10.0, 2){% endmacro %}\n'),
    );
    expect(s.outcome).toBe('built');
    expect([...s.rebuilt].sort()).toEqual(['order_totals', 'orders', ...TESTS].sort());
    expect(await q('select total from main.order_totals')).toEqual([{ total: 405 }]);
  });

  it('reports a SQL error at its compiled line, skips what depends on it, and rebuilds the fix', async () => {
    const failed = await change(() =>
      project.write(
        'models/orders.sql',
        'select order_id,\n  no_such_column as amount\nfrom (values (1, 1000)) as t(order_id, cents)\n',
      ),
    );
    expect(failed.outcome).toBe('failed');
    const end = rec.reportOf(failed.rebuild).find((e) => e.type === 'node-end' && e.node.name === 'orders');
    expect(end).toMatchObject({ status: 'error', file: expect.stringMatching(/orders\.sql:2$/) });
    expect(failed.counts.skipped).toBeGreaterThan(0);

    const fixed = await change(() => project.write('models/orders.sql', ORDERS));
    expect(fixed.outcome).toBe('built');
    expect(fixed.rebuilt).toEqual(expect.arrayContaining(['orders', 'order_totals', ...TESTS]));
    expect(await q('select n, total from main.order_totals')).toEqual([{ n: 2, total: 355 }]);
  });

  it('reloads a changed seed and rebuilds what reads it', async () => {
    const s = await change(() => project.write('seeds/rates.csv', 'code,rate\nEUR,1.1\nGBP,1.3\nUSD,1.0\n'));
    expect([...s.rebuilt].sort()).toEqual(['rated', 'rates']);
    expect(await q('select count(*)::int as n from main.rated')).toEqual([{ n: 3 }]);
  });

  it('picks up a new model', async () => {
    const s = await change(() => project.write('models/new_model.sql', "select 'fresh' as what\n"));
    expect(s.rebuilt).toEqual(['new_model']);
    expect(await q('select what from main.new_model')).toEqual([{ what: 'fresh' }]);
  });

  it('follows a renamed model and leaves the old relation alone', async () => {
    const from = rec.count;
    renameSync(join(project.dir, 'models/customers.sql'), join(project.dir, 'models/clients.sql'));
    await rec.until(from, (x) => x.rebuilt.includes('clients'));
    await rec.until(from, (x) => x.removed.length > 0);
    expect(
      rec
        .summaries()
        .slice(from)
        .flatMap((x) => x.removed),
    ).toEqual([{ name: 'customers', relationName: 'main.customers' }]);
    expect(await q('select name from main.clients')).toEqual([{ name: 'Ada' }]);
    expect(await q('select name from main.customers')).toEqual([{ name: 'Ada' }]);
    const logged = rec.events.some(
      (e) => e.type === 'log' && /customers .*left the graph.*main\.customers is left in the database/.test(e.message),
    );
    expect(logged).toBe(true);
  });

  it('drops a deleted model from the graph and leaves its relation alone', async () => {
    const s = await change(
      () => unlinkSync(join(project.dir, 'models/clients.sql')),
      (x) => x.removed.length > 0,
    );
    expect(s.removed).toEqual([{ name: 'clients', relationName: 'main.clients' }]);
    expect(s.outcome).toBe('unchanged');
    expect(await q('select name from main.clients')).toEqual([{ name: 'Ada' }]);
  });

  it('reports a YAML error with its line and a dependency cycle, and recovers from both', async () => {
    const bad = await change(() =>
      project.write('models/schema.yml', 'version: 2\nmodels:\n  - name: orders\n   columns: [\n'),
    );
    expect(bad.outcome).toBe('invalid');
    expect(
      rec
        .errorsOf(bad.rebuild)
        .some((e) => e.location?.file === 'models/schema.yml' && typeof e.location.line === 'number'),
    ).toBe(true);
    const ok = await change(() => project.write('models/schema.yml', SCHEMA));
    expect(ok.outcome).not.toBe('invalid');

    const cycle = await change(() => project.write('models/orders.sql', `-- {{ ref('order_totals') }}\n${ORDERS}`));
    expect(cycle.outcome).toBe('invalid');
    expect(rec.errorsOf(cycle.rebuild).map((e) => [e.code, e.location?.file, e.location?.line])).toContainEqual([
      'graph-cycle',
      'models/orders.sql',
      1,
    ]);
    const back = await change(() => project.write('models/orders.sql', ORDERS));
    expect(back.outcome).not.toBe('invalid');
  });

  it('reloads everything when project.yml changes', async () => {
    const s = await change(() =>
      project.write(
        'project.yml',
        'name: shop\nprofile: shop\nvars:\n  factor: 3\nmodels:\n  shop:\n    +materialized: table\n',
      ),
    );
    expect(s.reloaded).toBe(true);
    expect(s.rebuilt).toEqual(['rated']);
    const [eur] = await q("select scaled::float8 as scaled from main.rated where code = 'EUR'");
    expect(eur!.scaled).toBeCloseTo(3.3);
    expect(existsSync(join(project.dir, 'target/run_results.json'))).toBe(true);
  });
});

describe('run --watch --select on pglite', () => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let handle: WatchHandle;
  const rec = new WatchRecorder();

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    project = projectFixture(files());
    handle = await watch({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      command: 'run',
      select: ['orders+'],
      events: rec,
      debounceMs: 60,
    });
    await rec.until(0);
  });
  afterAll(async () => {
    await handle?.stop();
    await db.dispose();
    project.dispose();
  });

  it('builds only models, only within --select', async () => {
    expect([...rec.summaries()[0]!.rebuilt].sort()).toEqual(['order_totals', 'orders']);
    const from = rec.count;
    project.write('models/customers.sql', "select 'outside' as x\n");
    const outside = await rec.until(from);
    expect(outside.outcome).toBe('unchanged');
    const from2 = rec.count;
    project.write('models/orders.sql', ORDERS.replace('1000', '2000'));
    const inside = await rec.until(from2);
    expect(inside.rebuilt).toEqual(['orders', 'order_totals']);
  });
});
