/**
 * Atomic rebuilds (buildAndSwap) through run(), on PGlite and PostgreSQL:
 * a failed rebuild leaves the old relation as it was, a reader never sees a
 * gap, and what depends on a rebuilt table (views, hand-made views with
 * their comments and grants, foreign keys of other tables) survives — or,
 * when it can't be recreated, the whole rebuild rolls back.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import type { PostgresTarget } from '../config/types.js';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { materializationFixture } from './test-support/materialization-fixture.js';
import { run } from './run.js';

const ROLE = 'tsmodel_swap_reader';

describeEachDatabase('atomic rebuilds on %s', (kind) => {
  const { db, project, build, rows, columnsOf, leftovers } = materializationFixture(kind);
  const oidOf = async (rel: string) => Number((await rows(`select '${rel}'::regclass::oid::int8 as oid`))[0]!.oid);
  const statusOf = (summary: Awaited<ReturnType<typeof run>>, name: string) =>
    summary.results.find((r) => r.node.name === name)!;

  it('keeps the old table when a rebuild fails at runtime', async () => {
    project.write(
      'models/t.sql',
      `{{ config(materialized='table') }}\nselect * from (values (1, 'a'), (2, 'b')) as v(id, name)`,
    );
    expect((await build()).success).toBe(true);
    project.write('models/t.sql', `{{ config(materialized='table') }}\nselect 1/0 as x`);
    const summary = await build({ select: ['t'] });
    expect(statusOf(summary, 't').status).toBe('error');
    expect(statusOf(summary, 't').message).toMatch(/division by zero/);
    expect(await rows('select id, name from main.t order by id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    expect(await columnsOf('main.t')).toEqual(['id', 'name']);
    expect(await leftovers()).toEqual([]);
  });

  it('keeps the old view when a rebuild fails', async () => {
    project.write('models/v.sql', `select * from (values (1, 'a')) as v(id, name)`);
    expect((await build()).success).toBe(true);
    project.write('models/v.sql', `select id, no_such_column from (values (1, 'a')) as v(id, name)`);
    const summary = await build({ select: ['v'] });
    expect(statusOf(summary, 'v').status).toBe('error');
    expect(statusOf(summary, 'v').message).toMatch(/no_such_column/);
    expect(await rows('select id, name from main.v')).toEqual([{ id: 1, name: 'a' }]);
    expect(await columnsOf('main.v')).toEqual(['id', 'name']);
    expect(await leftovers()).toEqual([]);
  });

  // PGlite is one session inside this process: a "reader" would queue behind
  // the build's transaction in the adapter, so there is no concurrency to test.
  it.runIf(kind === 'postgres')('never shows a reader a missing or half-built table while it is rebuilt', async () => {
    project.write(
      'models/t.sql',
      `{{ config(materialized='table') }}\nselect g as id from generate_series(1, {{ var('n') }}) as g`,
    );
    expect((await build({ vars: { n: 100 } })).success).toBe(true);
    const t = db.target as PostgresTarget;
    const reader = new pg.Client({
      host: t.host,
      port: t.port,
      user: t.user,
      password: t.password,
      database: t.dbname,
    });
    await reader.connect();
    const counts: number[] = [];
    const errors: unknown[] = [];
    let done = false;
    const loop = (async () => {
      while (!done) {
        try {
          const res = await reader.query('select count(*)::int as n from main.t');
          counts.push(Number(res.rows[0].n));
        } catch (err) {
          errors.push(err);
        }
      }
    })();
    try {
      for (let i = 0; i < 10; i++) {
        const summary = await build({ select: ['t'], vars: { n: i % 2 === 0 ? 200 : 100 } });
        expect(summary.success).toBe(true);
      }
    } finally {
      done = true;
      await loop;
      await reader.end();
    }
    expect(errors).toEqual([]);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.filter((n) => n !== 100 && n !== 200)).toEqual([]);
    expect(new Set(counts)).toEqual(new Set([100, 200])); // it did read while the table changed
    expect(await leftovers()).toEqual([]);
  });

  it('rebuilds tables that share dependents at once (threads > 1 on PostgreSQL) without deadlocking', async () => {
    const tables = ['a', 'b', 'c', 'd'];
    for (const t of tables)
      project.write(
        `models/${t}.sql`,
        `{{ config(materialized='table') }}\nselect g as id from generate_series(1, {{ var('n', 100) }}) as g`,
      );
    project.write(
      'models/v.sql',
      `select * from {{ ref('a') }} join {{ ref('b') }} using (id) join {{ ref('c') }} using (id) join {{ ref('d') }} using (id)`,
    );
    expect((await build()).success).toBe(true);
    await db
      .adapter()
      .query(
        'create view main.by_hand as select count(*)::int as n from main.a join main.b using (id) join ' +
          'main.c using (id) join main.d using (id)',
      );
    for (const n of [200, 300, 400]) {
      const summary = await build({ vars: { n }, threads: 4 });
      expect(summary.results.map((r) => [r.node.name, r.status, r.error?.message])).toEqual(
        [...tables, 'v'].map((name) => [name, 'success', undefined]),
      );
      expect(await rows('select n from main.by_hand')).toEqual([{ n }]);
    }
    expect(await leftovers()).toEqual([]);
  });

  /** customers (pk) ← v_customers (view model) ← report (hand-made view, comment, grant); orders → customers (fk). */
  async function buildShop(): Promise<void> {
    project.write(
      'models/customers.sql',
      `{{ config(materialized='table') }}\nselect * from (values (1, 'Ada'), (2, 'Bob')) as v(customer_id, name)`,
    );
    project.write('models/v_customers.sql', `select customer_id, upper(name) as name from {{ ref('customers') }}`);
    project.write(
      'models/orders.sql',
      `{{ config(materialized='table') }}\nselect * from (values (100, 1), (101, 2)) as v(order_id, customer_id)`,
    );
    project.write(
      'models/schema.yml',
      `version: 2
models:
  - name: customers
    columns:
      - name: customer_id
        constraints: [{type: primary_key}]
  - name: orders
    columns:
      - name: order_id
        constraints: [{type: primary_key}]
      - name: customer_id
        constraints:
          - type: foreign_key
            to: "ref('customers')"
            to_columns: [customer_id]
`,
    );
    expect((await build()).results.map((r) => [r.node.name, r.status])).toEqual([
      ['customers', 'success'],
      ['orders', 'success'],
      ['v_customers', 'success'],
    ]);
    await db
      .adapter()
      .query(`do $$ begin create role ${ROLE}; exception when duplicate_object or unique_violation then null; end $$`);
    await db.adapter().query('create schema reporting');
    await db.adapter().query('create view reporting.report as select count(*)::int as n from main.v_customers');
    await db.adapter().query(`comment on view reporting.report is 'customer count'`);
    await db.adapter().query(`grant select on reporting.report to ${ROLE}`);
  }

  async function expectDependentsIntact(customerCount: number): Promise<void> {
    expect((await rows('select name from main.v_customers order by customer_id')).length).toBe(customerCount);
    expect(await rows('select n from reporting.report')).toEqual([{ n: customerCount }]);
    expect(await rows(`select obj_description('reporting.report'::regclass, 'pg_class') as c`)).toEqual([
      { c: 'customer count' },
    ]);
    expect(await rows(`select has_table_privilege('${ROLE}', 'reporting.report', 'select') as ok`)).toEqual([
      { ok: true },
    ]);
    expect(
      await rows(
        'select conname::text as name, pg_get_constraintdef(oid) as def from pg_constraint where contype ' +
          `= 'f' and conrelid = 'main.orders'::regclass and confrelid = 'main.customers'::regclass`,
      ),
    ).toEqual([
      { name: 'orders_customer_id_fkey', def: 'FOREIGN KEY (customer_id) REFERENCES main.customers(customer_id)' },
    ]);
    await expect(
      db.adapter().query('insert into main.orders (order_id, customer_id) values (999, 42)'),
    ).rejects.toMatchObject({ sqlstate: '23503' });
  }

  it('recreates dependent views (with comments and grants) and foreign keys after a rebuild', async () => {
    await buildShop();
    const before = await oidOf('main.customers');
    project.write(
      'models/customers.sql',
      `{{ config(materialized='table') }}\nselect * from (values (1, 'Ada'), (2, 'Bob'), (3, 'Cy')) as v(customer_id, name)`,
    );
    const summary = await build({ select: ['customers'] });
    expect(summary.results.map((r) => [r.node.name, r.status])).toEqual([['customers', 'success']]);
    expect(await oidOf('main.customers')).not.toBe(before);
    await expectDependentsIntact(3);
    expect(await leftovers()).toEqual([]);

    // The view model rebuilt in turn: the hand-made view on it survives that too.
    const view = await oidOf('main.v_customers');
    expect((await build({ select: ['v_customers'] })).success).toBe(true);
    expect(await oidOf('main.v_customers')).not.toBe(view);
    await expectDependentsIntact(3);
    expect(await leftovers()).toEqual([]);

    // And everything at once (on PostgreSQL, orders and v_customers rebuild concurrently).
    expect((await build()).results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    await expectDependentsIntact(3);
    expect(await leftovers()).toEqual([]);
  });

  it('rolls the whole rebuild back when a dependent foreign key no longer holds', async () => {
    await buildShop();
    const before = await oidOf('main.customers');
    project.write(
      'models/customers.sql',
      `{{ config(materialized='table') }}\nselect * from (values (1, 'Ada')) as v(customer_id, name)`,
    );
    const summary = await build({ select: ['customers'] });
    const result = statusOf(summary, 'customers');
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/foreign key orders_customer_id_fkey/);
    expect(result.message).toMatch(/violates foreign key constraint/);
    expect(await oidOf('main.customers')).toBe(before);
    expect(await rows('select customer_id, name from main.customers order by 1')).toEqual([
      { customer_id: 1, name: 'Ada' },
      { customer_id: 2, name: 'Bob' },
    ]);
    await expectDependentsIntact(2);
    expect(await leftovers()).toEqual([]);
  });

  it('rolls the whole rebuild back when a dependent view no longer compiles', async () => {
    await buildShop();
    const before = await oidOf('main.customers');
    project.write(
      'models/customers.sql',
      `{{ config(materialized='table') }}\nselect * from (values (1), (2), (3)) as v(customer_id)`,
    );
    const result = statusOf(await build({ select: ['customers'] }), 'customers');
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/recreate dependent view main\.v_customers: column .*name.* does not exist/);
    expect(await oidOf('main.customers')).toBe(before);
    expect(await columnsOf('main.customers')).toEqual(['customer_id', 'name']);
    await expectDependentsIntact(2);
    expect(await leftovers()).toEqual([]);
  });
});
