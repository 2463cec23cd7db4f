import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { databaseProject } from './test-support/database-project.js';
import { snapshotCalls } from './test-support/snapshot-calls.js';

/** The snapshot's keys (checked in one scan of the source) and the index on the key and current flag. */
const SOURCES = `version: 2
sources:
  - name: raw
    tables: [{name: customers}]
`;

describeEachDatabase('snapshot keys and index on %s', (kind) => {
  const { db, project } = databaseProject(
    kind,
    { 'project.yml': 'name: shop\n', 'models/sources.yml': SOURCES },
    'all',
  );
  const { q, exec, take } = snapshotCalls(db, project);
  const reset = async (config: string, rows: string) => {
    await exec('drop schema if exists raw cascade; drop schema if exists main cascade; create schema raw');
    await exec(`create table raw.customers as select * from (values ${rows}) as t(region, customer_id, city)`);
    project.write(
      'snapshots/dim_customers.sql',
      `{% snapshot dim_customers %}\n{{ config(${config}) }}\nselect * from {{ source('raw', 'customers') }}\n{% endsnapshot %}\n`,
    );
  };
  const indexes = async () =>
    (
      await q(
        `select indexname::text as name from pg_indexes where schemaname = 'main' and tablename = 'dim_customers'`,
      )
    )
      .map((r) => String(r.name))
      .sort();

  it('refuses a NULL key, on the first run and later ones, and writes nothing', async () => {
    const config = "unique_key=['region', 'customer_id'], strategy='check'";
    await reset(config, `('EU', 1, 'Paris'), ('EU', null::int, 'Rome')`);
    const first = await take('2024-01-01');
    expect(first.success).toBe(false);
    expect(first.results[0]!.error?.message).toMatch(
      /1 rows of the source have a NULL unique_key \(region, customer_id\)/,
    );
    expect(await q(`select to_regclass('main.dim_customers') is null as gone`)).toEqual([{ gone: true }]);

    await exec('delete from raw.customers where customer_id is null');
    expect((await take('2024-01-01')).success).toBe(true);
    const before = await q('select * from main.dim_customers order by 1');
    await exec(`update raw.customers set city = 'Lyon'; insert into raw.customers values (null, 2, 'Oslo')`);
    const later = await take('2024-01-02');
    expect(later.success).toBe(false);
    expect(later.results[0]!.error?.message).toMatch(/NULL unique_key/);
    expect(await q('select * from main.dim_customers order by 1')).toEqual(before);
  });

  it.each([
    [
      'a composite key, neither row changed',
      "['region', 'customer_id']",
      `('US', 1, 'Boston')`,
      'region, customer_id',
      'US, 1',
    ],
    ['one text key (counted by hash)', "'region'", `('EU', 3, 'Rome')`, 'region', 'EU'],
  ])('refuses a duplicate key on a later run, naming it: %s', async (_what, key, row, keys, shown) => {
    await reset(`unique_key=${key}, strategy='check'`, `('EU', 1, 'Paris'), ('US', 1, 'Boston')`);
    expect((await take('2024-01-01')).success).toBe(true);
    const before = await q('select * from main.dim_customers order by 1');
    await exec(`insert into raw.customers values ${row}`);
    const res = await take('2024-01-02');
    expect(res.success).toBe(false);
    expect(res.results[0]!.error?.message).toContain(`several rows for one unique_key (${keys}): ${shown}`);
    expect(res.results[0]!.error?.message).toMatch(new RegExp(`: ${shown}$`));
    expect(await q('select * from main.dim_customers order by 1')).toEqual(before);
  });

  it('creates the index on the key and current flag with the table, and adds it to a table that lacks it', async () => {
    await reset("unique_key='customer_id', strategy='check', check_cols=['city']", `('EU', 1, 'Paris')`);
    const first = await take('2024-01-01');
    expect(first.results[0]!.message).toBe('created snapshot');
    expect(await indexes()).toEqual(['dim_customers_pkey', 'dim_customers_scd_current_idx']);
    expect(
      await q(
        `select pg_get_indexdef('main.dim_customers_scd_current_idx'::regclass) like '%(customer_id, is_current)' as ok`,
      ),
    ).toEqual([{ ok: true }]);
    const unchanged = await take('2024-01-02');
    expect(unchanged.results[0]!.message).toBe('snapshotted');
    // A table made by an older tsmodel: no such index. The next run makes it, and says so.
    await exec('drop index main.dim_customers_scd_current_idx');
    await exec(`update raw.customers set city = 'Lyon'`);
    const again = await take('2024-01-03');
    expect(again.success).toBe(true);
    expect(again.results[0]!.message).toMatch(
      /created the index dim_customers_scd_current_idx on its key and current flag/,
    );
    expect(await indexes()).toEqual(['dim_customers_pkey', 'dim_customers_scd_current_idx']);
    expect(await q('select city, is_current from main.dim_customers order by customer_sk')).toEqual([
      { city: 'Paris', is_current: false },
      { city: 'Lyon', is_current: true },
    ]);
  });

  it('refuses a key whose type no longer compares with the table, naming file, column and types', async () => {
    await reset("unique_key='customer_id', strategy='check'", `('EU', 1, 'Paris')`);
    expect((await take('2024-01-01')).success).toBe(true);
    const before = await q('select * from main.dim_customers order by 1');
    await exec('alter table raw.customers alter column customer_id type uuid using null');
    const res = await take('2024-01-02');
    expect(res.success).toBe(false);
    const err = res.results[0]!.error!;
    expect(err.message).toBe(
      "snapshot dim_customers: unique_key column 'customer_id' is uuid in its query but integer in the snapshot " +
        'table "main"."dim_customers", and the two types cannot be compared; nothing was written',
    );
    expect(err.message).not.toMatch(/operator does not exist/);
    expect((err as { location?: { file: string } }).location?.file).toMatch(/snapshots\/dim_customers\.sql$/);
    expect((err as { hint?: string }).hint).toMatch(/customer_id::integer/);
    expect(await q('select * from main.dim_customers order by 1')).toEqual(before);
    // A compatible change (integer to bigint) still compares.
    await exec('alter table raw.customers alter column customer_id type bigint using 1');
    await exec(`update raw.customers set city = 'Lyon'`);
    expect((await take('2024-01-03')).success).toBe(true);
  });

  it("gives the key check more sort memory, then the transaction's own setting back", async () => {
    const hook = `post_hook="insert into raw.seen select current_setting('work_mem')"`;
    await reset(`unique_key='customer_id', strategy='check', ${hook}`, `('EU', 1, 'Paris')`);
    await exec('create table raw.seen (work_mem text)');
    expect((await take('2024-01-01')).success).toBe(true);
    await exec(`update raw.customers set city = 'Lyon'`);
    expect((await take('2024-01-02')).success).toBe(true);
    const session = (await q(`select current_setting('work_mem') as w`))[0]!.w;
    expect(session).not.toBe('64MB');
    expect(await q('select work_mem from raw.seen')).toEqual([{ work_mem: session }, { work_mem: session }]);
  });

  it("indexes dbt's layout on the key and dbt_valid_to", async () => {
    await reset("unique_key='customer_id', strategy='check', meta_columns='dbt'", `('EU', 1, 'Paris')`);
    expect((await take('2024-01-01')).success).toBe(true);
    expect(
      await q(
        `select pg_get_indexdef('main.dim_customers_scd_current_idx'::regclass) like '%(customer_id, dbt_valid_to)' as ok`,
      ),
    ).toEqual([{ ok: true }]);
  });
});
