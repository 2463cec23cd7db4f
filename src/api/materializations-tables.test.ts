/**
 * Table options through run(), on PGlite and PostgreSQL, each checked after
 * the first build and after a rebuild (the swap path): partition_by,
 * indexes and cluster_by, and enforced contracts with constraints.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { materializationFixture } from './test-support/materialization-fixture.js';

describeEachDatabase('table options on %s', (kind) => {
  const { project, build, rows, exec, leftovers } = materializationFixture(kind);
  async function buildOk(): Promise<void> {
    const summary = await build();
    expect(summary.results.map((r) => [r.node.name, r.status, r.error?.message])).toEqual(
      summary.results.map((r) => [r.node.name, 'success', undefined]),
    );
  }

  it('partition_by builds a partition per month plus a default, and rebuilds under the final names', async () => {
    project.write(
      'models/orders.sql',
      `{{ config(materialized='table', partition_by={'field': 'order_date', 'granularity': 'month'}) }}
select * from (values
  (1, date '2024-01-15'), (2, date '2024-01-31'), (3, date '2024-02-01'),
  (4, date '2024-03-09'), (5, null::date)
) as v(order_id, order_date)`,
    );
    for (let round = 1; round <= 2; round++) {
      await buildOk();
      expect(
        await rows(`select partstrat::text as s from pg_partitioned_table where partrelid = 'main.orders'::regclass`),
      ).toEqual([{ s: 'r' }]);
      const parts = await rows(
        `select c.relname::text as name, pg_get_expr(c.relpartbound, c.oid) as bound,
           (select count(*)::int from main.orders o where o.tableoid = c.oid) as n
         from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'main.orders'::regclass order by 1`,
      );
      expect(parts).toEqual([
        { name: 'orders_p202401', bound: `FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')`, n: 2 },
        { name: 'orders_p202402', bound: `FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')`, n: 1 },
        { name: 'orders_p202403', bound: `FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')`, n: 1 },
        { name: 'orders_pdefault', bound: 'DEFAULT', n: 1 },
      ]);
      expect(await rows('select order_id from main.orders order by 1')).toEqual(
        [1, 2, 3, 4, 5].map((order_id) => ({ order_id })),
      );
      expect(await leftovers()).toEqual([]);
    }
  });

  it('creates indexes (unique, hash) and clusters, after the first build and after a rebuild', async () => {
    project.write('models/events.sql', `select g as id, 'k' || (g % 7) as code from generate_series(1, 50) as g`);
    project.write(
      'models/schema.yml',
      `version: 2
models:
  - name: events
    config:
      materialized: table
      indexes:
        - {columns: [id], unique: true}
        - {columns: [code], type: hash}
      cluster_by: [code]
`,
    );
    for (let round = 1; round <= 2; round++) {
      await buildOk();
      const indexes = await rows(
        `select i.indexname::text as name, i.indexdef as def, x.indisclustered as clustered
         from pg_indexes i join pg_index x on x.indexrelid = format('%I.%I', i.schemaname, i.indexname)::regclass
         where i.schemaname = 'main' and i.tablename = 'events' order by 1`,
      );
      expect(indexes).toEqual([
        {
          name: 'events_code_hash_idx',
          def: 'CREATE INDEX events_code_hash_idx ON main.events USING hash (code)',
          clustered: false,
        },
        {
          name: 'events_code_idx',
          def: 'CREATE INDEX events_code_idx ON main.events USING btree (code)',
          clustered: true,
        },
        {
          name: 'events_id_uidx',
          def: 'CREATE UNIQUE INDEX events_id_uidx ON main.events USING btree (id)',
          clustered: false,
        },
      ]);
      await expect(exec(`insert into main.events values (1, 'dup')`)).rejects.toMatchObject({ sqlstate: '23505' });
    }
  });

  const CONTRACT_YAML = `version: 2
models:
  - name: payments
    config:
      materialized: table
      contract: {enforced: true}
    constraints:
      - {type: check, expression: "amount >= 0"}
      - {type: check, expression: "id > 0"}
    columns:
      - name: id
        data_type: integer
        constraints: [{type: primary_key}]
      - name: email
        data_type: varchar(100)
        constraints: [{type: not_null}, {type: unique}]
      - name: amount
        data_type: numeric(10,2)
      - name: paid_on
        data_type: date
`;

  it('creates a contracted table with the declared types and enforces its constraints', async () => {
    project.write(
      'models/payments.sql',
      `select 1 as id, 'a@x.org' as email, 5 as amount, date '2024-01-02' as paid_on`,
    );
    project.write('models/schema.yml', CONTRACT_YAML);
    for (let round = 1; round <= 2; round++) {
      await buildOk();
      expect(
        await rows(
          `select column_name::text as name, data_type::text as type, character_maximum_length as len,
             numeric_precision as p, numeric_scale as s, is_nullable::text as nullable
           from information_schema.columns where table_schema = 'main' and table_name = 'payments'
           order by ordinal_position`,
        ),
      ).toEqual([
        { name: 'id', type: 'integer', len: null, p: 32, s: 0, nullable: 'NO' },
        { name: 'email', type: 'character varying', len: 100, p: null, s: null, nullable: 'NO' },
        { name: 'amount', type: 'numeric', len: null, p: 10, s: 2, nullable: 'YES' },
        { name: 'paid_on', type: 'date', len: null, p: null, s: null, nullable: 'YES' },
      ]);
      expect(
        await rows(`select id, email, amount::text as amount, paid_on::text as paid_on from main.payments`),
      ).toEqual([{ id: 1, email: 'a@x.org', amount: '5.00', paid_on: '2024-01-02' }]);
      const insert = (id: number | null, email: string | null, amount: number) =>
        exec(
          `insert into main.payments (id, email, amount) values (${id ?? 'null'}, ${email === null ? 'null' : `'${email}'`}, ${amount})`,
        );
      await expect(insert(1, 'b@x.org', 1)).rejects.toMatchObject({
        sqlstate: '23505',
        message: expect.stringContaining('payments_id_pkey'),
      });
      await expect(insert(null, 'b@x.org', 1)).rejects.toMatchObject({ sqlstate: '23502' });
      await expect(insert(2, null, 1)).rejects.toMatchObject({ sqlstate: '23502' });
      await expect(insert(2, 'a@x.org', 1)).rejects.toMatchObject({
        sqlstate: '23505',
        message: expect.stringContaining('payments_email_key'),
      });
      await expect(insert(2, 'b@x.org', -1)).rejects.toMatchObject({
        sqlstate: '23514',
        message: expect.stringContaining('payments__check'),
      });
      await expect(insert(-2, 'b@x.org', 1)).rejects.toMatchObject({
        sqlstate: '23514',
        message: expect.stringContaining('payments__check2'),
      });
      await insert(2, 'b@x.org', 1); // and a valid row still goes in
      expect(await leftovers()).toEqual([]);
    }
  });

  it('fails a contracted model whose query returns an undeclared column, keeping the table', async () => {
    project.write(
      'models/payments.sql',
      `select 1 as id, 'a@x.org' as email, 5 as amount, date '2024-01-02' as paid_on`,
    );
    project.write('models/schema.yml', CONTRACT_YAML);
    await buildOk();
    project.write(
      'models/payments.sql',
      `select 1 as id, 'a@x.org' as email, 5 as amount, date '2024-01-02' as paid_on, 'oops' as extra`,
    );
    const summary = await build();
    const result = summary.results[0]!;
    expect(result.status).toBe('error');
    expect(result.message).toBe(
      'payments: the query does not match its enforced contract; returned but not declared: extra',
    );
    expect(result.error?.location?.file).toBe('models/schema.yml');
    expect(
      await rows(
        `select count(*)::int as n from information_schema.columns where table_schema = 'main' and table_name = 'payments'`,
      ),
    ).toEqual([{ n: 4 }]);
    expect(await rows('select id from main.payments')).toEqual([{ id: 1 }]);
  });
});
