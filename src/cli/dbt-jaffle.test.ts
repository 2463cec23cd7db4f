/**
 * A plain dbt-core project (src/cli/__fixtures__/dbt_jaffle: dbt_project.yml,
 * profiles.yml, schema.yml with sources, doc blocks, macros, Jinja) must
 * compile and run unmodified, on PGlite and on PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import type { ProjectFixture } from '../api/test-support/project-fixture.js';
import type { PostgresTarget } from '../config/index.js';
import { fixtureProject, queryPglite, runCli, seedPgliteDatabase, type CliResult } from './test-support/cli.js';

/** The raw tables the sources point at (seeds would load them in a dbt project). */
const RAW = `
create schema raw;
create table raw.raw_customers (id integer primary key, first_name text, last_name text);
insert into raw.raw_customers values (1, 'Michael', 'P.'), (2, 'Shawn', 'M.'), (3, 'Kathleen', 'P.'), (4, 'Jimmy', 'C.');
create table raw.raw_orders (id integer primary key, user_id integer, order_date date, status text);
insert into raw.raw_orders values
  (1, 1, '2018-01-01', 'returned'), (2, 3, '2018-01-02', 'completed'), (3, 1, '2018-01-04', 'completed'),
  (4, 2, '2018-01-05', 'shipped'), (5, 3, '2018-01-05', 'placed'), (6, 2, '2017-12-31', 'completed');
create table raw.raw_payments (id integer primary key, order_id integer, payment_method text, amount integer);
insert into raw.raw_payments values
  (1, 1, 'credit_card', 1000), (2, 2, 'credit_card', 2000), (3, 3, 'coupon', 100), (4, 4, 'coupon', 2500),
  (5, 5, 'bank_transfer', 1700), (6, 3, 'gift_card', 600), (7, 4, 'credit_card', 150);
`;
const NEW_ORDERS = `insert into raw.raw_orders values (7, 4, '2018-02-01', 'placed'), (8, 1, '2018-02-02', 'placed')`;

interface Manifest {
  nodes: Record<
    string,
    {
      description: string;
      columns: Record<string, { description: string }>;
      config: Record<string, unknown>;
      depends_on: { nodes: string[] };
    }
  >;
  sources: Record<string, { relation_name?: string }>;
  docs: Record<string, unknown>;
}

describeEachDatabase('a dbt-core project (jaffle_shop) on %s', (kind) => {
  let project: ProjectFixture;
  let db: TestDatabase;
  let env: Record<string, string | undefined> = {};
  let targetArgs: string[] = [];
  let query: (sql: string) => Promise<Record<string, unknown>[]>;
  const targetName = kind === 'pglite' ? 'dev' : 'postgres';
  const cli = (...args: string[]): Promise<CliResult> => runCli([...args, ...targetArgs], { cwd: project.dir, env });

  beforeAll(async () => {
    project = fixtureProject('dbt_jaffle');
    db = await createTestDatabase(kind);
    if (kind === 'pglite') {
      await seedPgliteDatabase(db, project.dir, '.tsmodel/db', RAW);
      const path = join(project.dir, '.tsmodel/db');
      query = (sql) => queryPglite(path, sql);
    } else {
      // The fixture's `postgres` output reads its connection from env_var(): point it at the test database.
      const t = db.target as PostgresTarget;
      env = {
        JAFFLE_PG_HOST: t.host,
        JAFFLE_PG_PORT: String(t.port),
        JAFFLE_PG_USER: t.user,
        JAFFLE_PG_PASSWORD: t.password,
        JAFFLE_PG_DBNAME: t.dbname,
      };
      targetArgs = ['--target', 'postgres'];
      await db.adapter().query(RAW);
      query = async (sql) => (await db.adapter().query(sql)).rows;
    }
  });

  afterAll(async () => {
    await db?.dispose();
    project?.dispose();
  });

  it('compiles: sources, macros, loops, var(), target, adapter.quote, log()', async () => {
    const res = await cli('compile');
    expect(res.code, res.all).toBe(0);
    expect(res.stdout).toMatch(/Compiled \d+ nodes to target\/compiled\//);
    expect(res.all).toContain(`building orders for target ${targetName}`);
    const compiled = (file: string) =>
      readFileSync(join(project.dir, 'target/compiled/jaffle_shop/models', file), 'utf8');
    const payments = compiled('staging/stg_payments.sql');
    expect(payments).toContain('select * from "raw"."raw_payments"');
    expect(payments).toContain('round((amount / 100.0)::numeric, 2) as amount');
    expect(compiled('staging/stg_orders.sql')).toContain("where order_date >= '2018-01-01'");
    const orders = compiled('orders.sql');
    for (const m of ['credit_card', 'coupon', 'bank_transfer', 'gift_card']) {
      expect(orders).toContain(`sum(case when payment_method = '${m}' then amount else 0 end) as ${m}_amount,`);
    }
    expect(orders).toContain(`'${targetName}' as built_for`);
    expect(orders).not.toMatch(/\{[{%#]/);
    const customers = compiled('customers.sql');
    expect(customers).toContain(`as "number_of_orders"`);
    // loop.last: a comma after each payment column but the last
    expect(customers).toMatch(
      new RegExp(
        /as bank_transfer_paid,\n\s+/.source +
          /sum\(case when payments\.payment_method = 'gift_card' then payments\.amount else 0 end\) as gift_card_paid/
            .source +
          /\n\s+from payments/.source,
      ),
    );
    // Not incremental before the table exists: no filter on {{ this }}.
    expect(compiled('order_log.sql')).not.toContain('where order_id >');
  });

  it('fills the manifest: configs from dbt_project.yml and config(), doc blocks in descriptions, sources', async () => {
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target/manifest.json'), 'utf8')) as Manifest;
    const node = (name: string) => manifest.nodes[`model.jaffle_shop.${name}`]!;
    expect(node('stg_orders').config.materialized).toBe('view');
    expect(node('orders').config.materialized).toBe('table');
    expect(node('order_log').config).toEqual(
      expect.objectContaining({ materialized: 'incremental', unique_key: 'order_id' }),
    );
    expect(node('stg_orders').description).toMatch(/^One row per order; status is One of the following values:/);
    expect(node('stg_orders').description).toContain(
      '| shipped        | The order has been shipped but not yet delivered     |',
    );
    expect(node('stg_orders').columns.status!.description).toContain(
      '| returned       | The customer returned the order',
    );
    expect(node('orders').description).toMatch(
      /^One row per order, with the amount paid by each payment method\. One of the following values:/,
    );
    expect(node('orders').description).not.toContain('{{');
    expect(Object.keys(manifest.docs)).toContain('doc.jaffle_shop.orders_status');
    expect(Object.keys(manifest.sources).sort()).toEqual([
      'source.jaffle_shop.jaffle.raw_customers',
      'source.jaffle_shop.jaffle.raw_orders',
      'source.jaffle_shop.jaffle.raw_payments',
    ]);
    expect(node('stg_orders').depends_on.nodes).toEqual(['source.jaffle_shop.jaffle.raw_orders']);
    expect(node('orders').depends_on.nodes.sort()).toEqual([
      'model.jaffle_shop.stg_orders',
      'model.jaffle_shop.stg_payments',
    ]);
  });

  it('renders Jinja in dbt_project.yml configs (tags from target.name, enabled from a var)', async () => {
    const tagged = await cli('ls', '--select', `tag:${targetName}`, '--resource-type', 'model', '--output', 'name');
    expect(tagged.code, tagged.all).toBe(0);
    expect(tagged.stdout.trim().split('\n').sort()).toEqual([
      'customers',
      'order_log',
      'orders',
      'stg_customers',
      'stg_orders',
      'stg_payments',
    ]);
    const off = await cli('ls', '--resource-type', 'model', '--output', 'name', '--vars', '{enable_order_log: false}');
    expect(off.code, off.all).toBe(0);
    expect(off.stdout.trim().split('\n')).not.toContain('order_log');
    expect(off.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('runs: views and tables with the right rows', async () => {
    const res = await cli('run');
    expect(res.code, res.all).toBe(0);
    expect(res.stdout).toContain('Done. PASS=6 WARN=0 ERROR=0 SKIP=0 TOTAL=6');
    const kinds = await query(
      'select c.relname as name, c.relkind::text as kind from pg_class c join pg_namespace n on n.oid = ' +
        `c.relnamespace where n.nspname = 'analytics' and c.relkind in ('r', 'v') order by 1`,
    );
    expect(kinds).toEqual([
      { name: 'customers', kind: 'r' },
      { name: 'order_log', kind: 'r' },
      { name: 'orders', kind: 'r' },
      { name: 'stg_customers', kind: 'v' },
      { name: 'stg_orders', kind: 'v' },
      { name: 'stg_payments', kind: 'v' },
    ]);
    const counts = await query(
      'select (select count(*) from analytics.customers)::int as customers, (select count(*) from ' +
        'analytics.orders)::int as orders, (select count(*) from analytics.order_log)::int as order_log',
    );
    expect(counts).toEqual([{ customers: 4, orders: 5, order_log: 5 }]);
    const customers = await query(
      `select customer_id, number_of_orders::int as n, customer_lifetime_value::text as clv from analytics.customers order by 1`,
    );
    expect(customers).toEqual([
      { customer_id: 1, n: 2, clv: '17.00' },
      { customer_id: 2, n: 1, clv: '26.50' },
      { customer_id: 3, n: 2, clv: '37.00' },
      { customer_id: 4, n: 0, clv: '0' },
    ]);
    const order3 = await query(
      'select coupon_amount::text as coupon, gift_card_amount::text as gift, amount::text as amount, ' +
        'built_for from analytics.orders where order_id = 3',
    );
    expect(order3).toEqual([{ coupon: '1.00', gift: '6.00', amount: '7.00', built_for: targetName }]);
  });

  it('a second run is incremental: only the new orders are added', async () => {
    await (kind === 'pglite' ? query(NEW_ORDERS) : db.adapter().query(NEW_ORDERS));
    const res = await cli('run');
    expect(res.code, res.all).toBe(0);
    expect(res.stdout).toMatch(/OK inserted into analytics\.order_log \[INSERT 2 /);
    expect(readFileSync(join(project.dir, 'target/compiled/jaffle_shop/models/order_log.sql'), 'utf8')).toContain(
      'where order_id > (select coalesce(max(order_id), 0) from "analytics"."order_log")',
    );
    const rr = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8')) as {
      results: { unique_id: string; adapter_response: { rows_affected: number | null } }[];
    };
    expect(rr.results.find((r) => r.unique_id === 'model.jaffle_shop.order_log')!.adapter_response.rows_affected).toBe(
      2,
    );
    expect(await query('select count(*)::int as n, max(order_id) as last from analytics.order_log')).toEqual([
      { n: 7, last: 8 },
    ]);
    expect(await query('select count(*)::int as n from analytics.orders')).toEqual([{ n: 7 }]);
  });

  it('--vars overrides a project-scoped var; --full-refresh rebuilds the incremental model', async () => {
    const res = await cli(
      'run',
      '--select',
      'stg_orders+',
      '--full-refresh',
      '--vars',
      '{first_order_date: "2017-01-01"}',
    );
    expect(res.code, res.all).toBe(0);
    expect(res.stdout).toMatch(/OK created table analytics\.order_log/);
    expect(await query('select count(*)::int as n from analytics.order_log')).toEqual([{ n: 8 }]);
    expect(await query('select count(*)::int as n from analytics.orders')).toEqual([{ n: 8 }]);
  });
});
