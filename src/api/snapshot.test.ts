import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { snapshotCalls } from './test-support/snapshot-calls.js';
import { snapshot, run } from './run.js';

const PROJECT = `name: shop
vars:
  snapshot_time: '2024-01-01 00:00:00'
`;
const SOURCES = `version: 2
sources:
  - name: raw
    tables: [{name: customers}, {name: sales}]
`;

function snapshotFile(config: string): string {
  return `{% snapshot dim_customers %}
{{ config(${config}) }}
select * from {{ source('raw', 'customers') }}
{% endsnapshot %}
`;
}

describeEachDatabase('snapshot on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const calls = () => snapshotCalls(db, project);
  const q = (sql: string) => calls().q(sql);
  const exec = (sql: string) => calls().exec(sql);
  const take = (time: string) => calls().take(time);
  const reset = async (config: string, rows: string) => {
    await exec('drop schema if exists raw cascade; drop schema if exists main cascade; create schema raw');
    await exec(
      `create table raw.customers as select * from (values ${rows}) as t(customer_id, first_name, city, updated_at)`,
    );
    project.write('snapshots/dim_customers.sql', snapshotFile(config));
  };
  const history = () =>
    q(
      `select customer_sk::int as sk, customer_id, city, to_char(effective_date, 'YYYY-MM-DD') as eff, ` +
        `to_char(end_date, 'YYYY-MM-DD') as "end", is_current from main.dim_customers order by ` +
        'customer_id, effective_date',
    );

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture({ 'project.yml': PROJECT, 'models/sources.yml': SOURCES });
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it("reproduces the architecture document's example: John moves from NYC to LA", async () => {
    await reset(
      "unique_key='customer_id', strategy='timestamp', updated_at='updated_at', valid_from_initial='updated_at'",
      `('CUST001', 'John', 'NYC', timestamp '2023-01-01'), ('CUST002', 'Mary', 'Boston', timestamp '2023-03-01')`,
    );
    const first = await take('2024-01-01');
    expect(first.success).toBe(true);
    expect(await history()).toEqual([
      { sk: 1, customer_id: 'CUST001', city: 'NYC', eff: '2023-01-01', end: null, is_current: true },
      { sk: 2, customer_id: 'CUST002', city: 'Boston', eff: '2023-03-01', end: null, is_current: true },
    ]);
    const before = await q('select * from main.dim_customers order by customer_sk');
    expect((await take('2024-06-01')).results[0]!.rowsAffected).toBe(0);
    expect(await q('select * from main.dim_customers order by customer_sk')).toEqual(before);

    await exec(
      `update raw.customers set city = 'LA', updated_at = timestamp '2024-12-27' where customer_id = 'CUST001'`,
    );
    await take('2024-12-27');
    expect(await history()).toEqual([
      { sk: 1, customer_id: 'CUST001', city: 'NYC', eff: '2023-01-01', end: '2024-12-27', is_current: false },
      { sk: 3, customer_id: 'CUST001', city: 'LA', eff: '2024-12-27', end: null, is_current: true },
      { sk: 2, customer_id: 'CUST002', city: 'Boston', eff: '2023-03-01', end: null, is_current: true },
    ]);
    // As-of queries through the built-in macros.
    project.write(
      'models/city_mid_2024.sql',
      `select customer_id, city from {{ as_of(ref('dim_customers'), "'2024-06-01'") }} as d`,
    );
    project.write(
      'models/sales_by_version.sql',
      `select s.sale_id, d.customer_sk, d.city from {{ source('raw', 'sales') }} s join ` +
        `{{ ref('dim_customers') }} d on {{ as_of_join('d', 'customer_id', 's.customer_id', ` +
        `'s.sold_at') }}`,
    );
    await exec(
      `create table raw.sales as select * from (values (1, 'CUST001', timestamp '2024-05-01'), ` +
        `(2, 'CUST001', timestamp '2024-12-28'), (3, 'CUST002', timestamp '2023-01-15')) ` +
        'as t(sale_id, customer_id, sold_at)',
    );
    expect((await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() })).success).toBe(true);
    expect(await q('select * from main.city_mid_2024 order by 1')).toEqual([
      { customer_id: 'CUST001', city: 'NYC' },
      { customer_id: 'CUST002', city: 'Boston' },
    ]);
    // Mary's first version starts at her updated_at (valid_from_initial: updated_at), so a sale before it has no version.
    expect(await q('select sale_id, customer_sk::int as sk, city from main.sales_by_version order by 1')).toEqual([
      { sale_id: 1, sk: 1, city: 'NYC' },
      { sale_id: 2, sk: 3, city: 'LA' },
    ]);
    project.remove('models/city_mid_2024.sql');
    project.remove('models/sales_by_version.sql');
  });

  it('compares NULLs null-safely (check strategy) and never makes two current rows', async () => {
    await reset(
      "unique_key='customer_id', strategy='check', check_cols=['city']",
      `(1, 'A', null::text, null::timestamp), (2, 'B', 'X', null)`,
    );
    await take('2024-01-01');
    await take('2024-01-02'); // NULL → NULL: no change
    expect((await history()).length).toBe(2);
    await exec(`update raw.customers set city = 'Y' where customer_id = 1`); // NULL → value
    await exec(`update raw.customers set city = null where customer_id = 2`); // value → NULL
    await take('2024-01-03');
    expect(await history()).toEqual([
      { sk: 1, customer_id: 1, city: null, eff: '1900-01-01', end: '2024-01-03', is_current: false },
      { sk: 3, customer_id: 1, city: 'Y', eff: '2024-01-03', end: null, is_current: true },
      { sk: 2, customer_id: 2, city: 'X', eff: '1900-01-01', end: '2024-01-03', is_current: false },
      { sk: 4, customer_id: 2, city: null, eff: '2024-01-03', end: null, is_current: true },
    ]);
    expect(
      await q(
        'select count(*)::int as n from (select customer_id from main.dim_customers where is_current group by 1 having count(*) > 1) d',
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('refuses duplicate keys in the source, naming them, and writes nothing', async () => {
    await reset("unique_key='customer_id', strategy='check'", `(1, 'A', 'X', null::timestamp), (2, 'B', 'Y', null)`);
    await take('2024-01-01');
    const before = await q('select * from main.dim_customers order by 1');
    await exec(`insert into raw.customers values (2, 'B2', 'Z', null), (1, 'A', 'X', null)`);
    const res = await take('2024-01-02');
    expect(res.success).toBe(false);
    expect(res.results[0]!.error?.message).toMatch(/several rows for one unique_key \(customer_id\): 1; 2/);
    expect(await q('select * from main.dim_customers order by 1')).toEqual(before);
  });

  it.each([
    [
      'ignore',
      [
        ['1', 'X', true],
        ['2', 'Y', true],
      ],
    ],
    [
      'invalidate',
      [
        ['1', 'X', true],
        ['2', 'Y', false],
        ['2', 'Y', true],
      ],
    ],
    [
      'new_record',
      [
        ['1', 'X', true],
        ['2', 'Y', false],
        ['2', 'Y', false],
        ['2', 'Y', true],
      ],
    ],
  ] as const)('hard_deletes: %s, and a key that comes back', async (mode, expected) => {
    await reset(
      `unique_key='customer_id', strategy='check', hard_deletes='${mode}'`,
      `(1, 'A', 'X', null::timestamp), (2, 'B', 'Y', null)`,
    );
    await take('2024-01-01');
    await exec('delete from raw.customers where customer_id = 2');
    await take('2024-01-02');
    const deleted = await q(`select count(*)::int as n from main.dim_customers where customer_id = 2 and is_current`);
    expect(deleted).toEqual([{ n: mode === 'invalidate' ? 0 : 1 }]);
    if (mode === 'new_record')
      expect(await q(`select is_deleted from main.dim_customers where customer_id = 2 and is_current`)).toEqual([
        { is_deleted: true },
      ]);
    // Still gone on the next run: nothing to record again.
    const gone = await q('select * from main.dim_customers order by customer_sk');
    expect((await take('2024-01-02 12:00')).results[0]!.rowsAffected).toBe(0);
    expect(await q('select * from main.dim_customers order by customer_sk')).toEqual(gone);
    await exec(`insert into raw.customers values (2, 'B', 'Y', null)`);
    await take('2024-01-03');
    const rows = await q(
      `select customer_id::text as id, city, is_current from main.dim_customers order by customer_id, effective_date, customer_sk`,
    );
    expect(rows.map((r) => [r.id, r.city, r.is_current])).toEqual(expected);
    expect(
      await q(
        `select count(*)::int as n from main.dim_customers where is_current group by customer_id having count(*) > 1`,
      ),
    ).toEqual([]);
  });

  it('adds a new source column and keeps a dropped one in history', async () => {
    await reset("unique_key='customer_id', strategy='check'", `(1, 'A', 'X', null::timestamp)`);
    await take('2024-01-01');
    await exec(`alter table raw.customers add column email text; update raw.customers set email = 'a@x'`);
    await take('2024-01-02');
    expect(await q('select email from main.dim_customers order by effective_date')).toEqual([
      { email: null },
      { email: 'a@x' },
    ]);
    await exec('alter table raw.customers drop column first_name');
    expect((await take('2024-01-03')).success).toBe(true);
    expect(await q(`select first_name from main.dim_customers order by effective_date`)).toEqual([
      { first_name: 'A' },
      { first_name: 'A' },
    ]);
  });

  it('keeps a gap-free history: the as-of view at every step reproduces that step (random sequences)', async () => {
    let seed = kind === 'pglite' ? 7 : 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const cities = ['A', 'B', 'C', null];
    let state = new Map<number, string | null>([
      [1, 'A'],
      [2, null],
      [3, 'B'],
    ]);
    const literal = (m: Map<number, string | null>) =>
      [...m].map(([k, c]) => `(${k}, 'n', ${c === null ? 'null::text' : `'${c}'`}, null::timestamp)`).join(', ');
    // valid_from_initial='run_time': a key's history starts when a snapshot first saw it (with the default
    // 1900-01-01, a key first seen at step 3 would show at step 1 too, by design: see the next test).
    await reset(
      "unique_key='customer_id', strategy='check', check_cols='all', hard_deletes='invalidate', valid_from_initial='run_time'",
      literal(state),
    );
    const states: Map<number, string | null>[] = [];
    for (let step = 1; step <= 12; step++) {
      if (step > 1) {
        const next = new Map(state);
        for (let k = 1; k <= 6; k++) {
          const r = rand(6);
          if (r === 0) next.delete(k);
          else if (r <= 2) next.set(k, cities[rand(4)]!);
        }
        state = next;
        await exec('truncate raw.customers');
        if (state.size > 0) await exec(`insert into raw.customers values ${literal(state)}`);
      }
      states.push(new Map(state));
      expect((await take(`2024-01-${String(step).padStart(2, '0')}`)).success).toBe(true);
    }
    for (const [i, expected] of states.entries()) {
      const at = `2024-01-${String(i + 1).padStart(2, '0')}`;
      const rows = await q(
        `select customer_id, city from main.dim_customers where effective_date <= '${at}' and (end_date ` +
          `is null or '${at}' < end_date) order by 1`,
      );
      expect(rows).toEqual([...expected].sort((a, b) => a[0] - b[0]).map(([k, c]) => ({ customer_id: k, city: c })));
    }
    const overlaps = await q(`select count(*)::int as n from main.dim_customers a join main.dim_customers b
      on a.customer_id = b.customer_id and a.customer_sk < b.customer_sk
      and a.effective_date < coalesce(b.end_date, 'infinity') and b.effective_date < coalesce(a.end_date, 'infinity')`);
    expect(overlaps).toEqual([{ n: 0 }]);
  });

  it('starts the first version of a key first seen in a later run at valid_from_initial, so older facts find it', async () => {
    const sales =
      `create table raw.sales as select * from (values (1, 'CUST002', timestamp ` +
      `'2024-03-01')) as t(sale_id, customer_id, sold_at)`;
    project.write(
      'models/sales_by_version.sql',
      `select s.sale_id, d.customer_id, d.city from {{ source('raw', 'sales') }} s join ` +
        `{{ ref('dim_customers') }} d on {{ as_of_join('d', 'customer_id', 's.customer_id', ` +
        `'s.sold_at') }}`,
    );
    const firstVersions = () =>
      q(
        `select customer_id, to_char(effective_date, 'YYYY-MM-DD') as eff from main.dim_customers order by customer_id, effective_date`,
      );
    // Mary (CUST002) is new on day two; her sale on 2024-03-01 predates her updated_at (2024-06-01).
    for (const [initial, maryStarts, found] of [
      ['1900-01-01', '1900-01-01', [{ sale_id: 1, customer_id: 'CUST002', city: 'Boston' }]],
      ['updated_at', '2024-06-01', []],
      ['run_time', '2024-12-01', []],
    ] as const) {
      await reset(
        `unique_key='customer_id', strategy='timestamp', updated_at='updated_at', valid_from_initial='${initial}'`,
        `('CUST001', 'John', 'NYC', timestamp '2023-01-01')`,
      );
      await exec(sales);
      expect((await take('2024-01-01')).success).toBe(true);
      await exec(`insert into raw.customers values ('CUST002', 'Mary', 'Boston', timestamp '2024-06-01')`);
      expect((await take('2024-12-01')).success).toBe(true);
      expect(await firstVersions()).toEqual([
        {
          customer_id: 'CUST001',
          eff: initial === '1900-01-01' ? '1900-01-01' : initial === 'updated_at' ? '2023-01-01' : '2024-01-01',
        },
        { customer_id: 'CUST002', eff: maryStarts },
      ]);
      expect((await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() })).success).toBe(
        true,
      );
      expect(await q('select * from main.sales_by_version')).toEqual(found);
    }
    project.remove('models/sales_by_version.sql');
  });

  it.runIf(kind === 'postgres')(
    'serializes two concurrent runs on one snapshot (advisory lock): no double history',
    async () => {
      await reset("unique_key='customer_id', strategy='check'", `(1, 'A', 'X', null::timestamp), (2, 'B', 'Y', null)`);
      await take('2024-01-01');
      await exec(`update raw.customers set city = 'Z'`);
      const { createAdapter } = await import('../adapters/index.js');
      const a = createAdapter(db.target);
      const b = createAdapter(db.target);
      try {
        const both = await Promise.all(
          [a, b].map((adapter) =>
            snapshot({
              projectDir: project.dir,
              targetConfig: db.target,
              adapter,
              vars: { snapshot_time: '2024-01-02' },
            }),
          ),
        );
        expect(both.every((r) => r.success)).toBe(true);
      } finally {
        await a.close();
        await b.close();
      }
      expect(
        await q(
          'select customer_id, count(*)::int as versions, count(*) filter (where is_current)::int as ' +
            'current from main.dim_customers group by 1 order by 1',
        ),
      ).toEqual([
        { customer_id: 1, versions: 2, current: 1 },
        { customer_id: 2, versions: 2, current: 1 },
      ]);
    },
  );

  it("uses dbt's column names and meaning when configured that way", async () => {
    await reset(
      "unique_key='customer_id', strategy='timestamp', updated_at='updated_at', meta_columns='dbt'",
      `(1, 'A', 'X', timestamp '2023-01-01')`,
    );
    await take('2024-01-01');
    await exec(`update raw.customers set city = 'Y', updated_at = timestamp '2023-06-01'`);
    await take('2024-01-02');
    const rows = await q(
      `select city, to_char(dbt_valid_from, 'YYYY-MM-DD') as vf, to_char(dbt_valid_to, 'YYYY-MM-DD') as ` +
        `vt, to_char(dbt_updated_at, 'YYYY-MM-DD') as u, length(dbt_scd_id) as id_len from ` +
        'main.dim_customers order by dbt_valid_from',
    );
    expect(rows).toEqual([
      { city: 'X', vf: '2023-01-01', vt: '2023-06-01', u: '2023-01-01', id_len: 32 },
      { city: 'Y', vf: '2023-06-01', vt: null, u: '2023-06-01', id_len: 32 },
    ]);
  });
});
