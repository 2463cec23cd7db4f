import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { databaseProject } from './test-support/database-project.js';
import { snapshotCalls } from './test-support/snapshot-calls.js';

/**
 * The closing UPDATE of a later run looks the changed keys up in the index on the key and current flag
 * (snapshot_index_costs): random_page_cost at most 1.1 for that statement, the transaction's own setting
 * before and after it.
 */
const SOURCES = `version: 2
sources:
  - name: raw
    tables: [{name: customers}]
`;
const ROWS = 20_000;

describeEachDatabase('snapshot index costs on %s', (kind) => {
  const { db, project } = databaseProject(kind, { 'project.yml': 'name: shop\n', 'models/sources.yml': SOURCES });
  const { q, exec, take } = snapshotCalls(db, project);
  const setup = async (hooks: string) => {
    await exec(`create schema raw; create table raw.seen (at text, random_page_cost text);
create table raw.customers as
select g as customer_id, 'city ' || (g % 97) as city from generate_series(1, ${ROWS}) as g;
analyze raw.customers`);
    project.write(
      'snapshots/dim_customers.sql',
      `{% snapshot dim_customers %}
{{ config(unique_key='customer_id', strategy='check', check_cols=['city']${hooks}) }}
select * from {{ source('raw', 'customers') }}
{% endsnapshot %}
`,
    );
    expect((await take('2024-01-01')).success).toBe(true);
    // What the closing UPDATE sees: a statement trigger on the snapshot table records the setting.
    await exec(`delete from raw.seen;
create function raw.seen_update() returns trigger language plpgsql as $$ begin
  insert into raw.seen values ('update', current_setting('random_page_cost')); return null; end $$;
create trigger seen after update on main.dim_customers for each statement execute function raw.seen_update();
update raw.customers set city = city || ' (moved)' where customer_id % 100 = 0;
analyze raw.customers`);
  };
  // After the statements (same transaction): the setting.
  const after = `, post_hook="insert into raw.seen values ('after', current_setting('random_page_cost'))"`;

  it('closes the changed versions through the index, then gives the setting back', async () => {
    await setup(after);
    const session = String((await q(`select current_setting('random_page_cost') as v`))[0]!.v);
    const res = await take('2024-01-02');
    expect(res.success).toBe(true);
    expect(session).toBe('4');
    expect(await q('select at, random_page_cost from raw.seen order by at desc')).toEqual([
      { at: 'update', random_page_cost: '1.1' },
      { at: 'after', random_page_cost: session },
    ]);
    expect(
      await q(`select count(*)::int as n, count(*) filter (where is_current)::int as current from main.dim_customers`),
    ).toEqual([{ n: ROWS + ROWS / 100, current: ROWS }]);
  });

  it('never raises a lower setting of the transaction', async () => {
    await setup(`, pre_hook="set local random_page_cost = 0.5"${after}`);
    expect((await take('2024-01-02')).success).toBe(true);
    expect(await q('select at, random_page_cost from raw.seen order by at desc')).toEqual([
      { at: 'update', random_page_cost: '0.5' },
      { at: 'after', random_page_cost: '0.5' },
    ]);
  });
});
