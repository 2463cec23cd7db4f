import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { seed, run } from './run.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CUSTOMERS =
  '\ufeffcustomer_id,name,signup_date,score,vip\n1,"Doe, Jane",2024-01-05,1.5,true\n2,"He said ""hi""",2024-02-10,,false\n3,Zoë,,2,\n';

function files(): Record<string, string> {
  return {
    'project.yml': `name: shop
seeds:
  shop:
    +schema: raw
    customers:
      +column_types: {customer_id: integer}
`,
    'macros/schema.sql': `{% macro generate_schema_name(custom, node) %}{{ custom if custom else target.schema }}{% endmacro %}`,
    'seeds/customers.csv': CUSTOMERS,
    'seeds/header_only.csv': 'a,b\n',
    'models/vip.sql': `select customer_id, name from {{ ref('customers') }} where vip`,
  };
}

describeEachDatabase('seed on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const q = async (sql: string) => (await db.adapter().query(sql)).rows;
  const load = (extra: { select?: string[]; fullRefresh?: boolean } = {}) =>
    seed({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter(), ...extra });
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(files());
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('loads typed columns, quoting, BOM and UTF-8, with loaded_at and NULL counts', async () => {
    const summary = await load();
    expect(summary.results.map((r) => [r.node.name, r.status, r.rowsAffected])).toEqual([
      ['customers', 'success', 3],
      ['header_only', 'success', 0],
    ]);
    expect(
      await q(
        `select customer_id, name, to_char(signup_date, 'YYYY-MM-DD') as d, score::text as score, vip from raw.customers order by 1`,
      ),
    ).toEqual([
      { customer_id: 1, name: 'Doe, Jane', d: '2024-01-05', score: '1.5', vip: true },
      { customer_id: 2, name: 'He said "hi"', d: '2024-02-10', score: null, vip: false },
      { customer_id: 3, name: 'Zoë', d: null, score: '2', vip: null },
    ]);
    const types = await q(
      `select column_name, data_type from information_schema.columns where table_schema = 'raw' and ` +
        `table_name = 'customers' order by ordinal_position`,
    );
    expect(types.map((t) => `${t.column_name}:${t.data_type}`)).toEqual([
      'customer_id:integer',
      'name:text',
      'signup_date:date',
      'score:numeric',
      'vip:boolean',
      'loaded_at:timestamp with time zone',
    ]);
    expect(await q(`select count(*)::int as n from raw.customers where loaded_at is null`)).toEqual([{ n: 0 }]);
    expect(
      await q(
        `select data_type from information_schema.columns where table_schema = 'raw' and table_name = 'header_only' and column_name = 'a'`,
      ),
    ).toEqual([{ data_type: 'text' }]);
    const results = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8'));
    const entry = results.results.find((r: { unique_id: string }) => r.unique_id === 'seed.shop.customers');
    expect(entry.adapter_response.tsmodel.monitoring).toEqual({
      rows_loaded: 3,
      null_counts: { customer_id: 0, name: 0, signup_date: 1, score: 1, vip: 1 },
    });
    expect(readFileSync(join(project.dir, 'logs/pipeline.log'), 'utf8')).toContain(
      'raw.customers: 3 rows loaded; NULLs per column: signup_date 1, score 1, vip 1',
    );
  });

  it('reloads idempotently, keeping dependent views', async () => {
    await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
    project.write('seeds/customers.csv', CUSTOMERS + '4,Dan,2024-03-01,3,true\n');
    await load({ select: ['customers'] });
    await load({ select: ['customers'] });
    expect(await q('select count(*)::int as n from raw.customers')).toEqual([{ n: 4 }]);
    expect(await q('select customer_id from main.vip order by 1')).toEqual([{ customer_id: 1 }, { customer_id: 4 }]);
  });

  it('refuses a changed column set without --full-refresh, and rebuilds with it (dependents survive)', async () => {
    project.write('seeds/customers.csv', 'customer_id,name,vip,city\n1,Ann,true,Paris\n');
    const refused = await load({ select: ['customers'] });
    expect(refused.success).toBe(false);
    expect(refused.results[0]!.error?.message).toMatch(/new columns: city/);
    expect(refused.results[0]!.error?.hint).toContain('--full-refresh');
    expect(await q('select count(*)::int as n from raw.customers')).toEqual([{ n: 4 }]);
    const rebuilt = await load({ select: ['customers'], fullRefresh: true });
    expect(rebuilt.success).toBe(true);
    expect(await q('select city from raw.customers')).toEqual([{ city: 'Paris' }]);
    expect(await q('select customer_id, name from main.vip')).toEqual([{ customer_id: 1, name: 'Ann' }]);
  });

  const bad: [string, string, RegExp, number | undefined][] = [
    ['a ragged row', 'customer_id,name,vip,city\n1,Ann,true,Paris\n2,Bob\n', /missing data for column|line 3/, 3],
    [
      'an unterminated quote',
      'customer_id,name,vip,city\n1,Ann,true,Paris\n2,"Bob,true,Rome\n',
      /unterminated CSV quoted field/,
      undefined,
    ],
    [
      'a value that does not fit its type',
      'customer_id,name,vip,city\n1,Ann,true,Paris\nx,Bob,false,Rome\n',
      /invalid input syntax for type integer/,
      3,
    ],
    ['an empty file', '', /the file is empty/, 1],
  ];
  it.each(bad)('rejects %s with the file and line, and keeps the previous rows', async (_name, csv, message, line) => {
    project.write('seeds/customers.csv', csv);
    const res = await load({ select: ['customers'] });
    expect(res.success).toBe(false);
    const err = res.results[0]!.error!;
    expect(err.message).toMatch(message);
    expect(err.message).toContain('seeds/customers.csv');
    expect(err.location?.file).toBe('seeds/customers.csv');
    if (line !== undefined) expect(err.location?.line).toBe(line);
    expect(await q('select customer_id, city from raw.customers')).toEqual([{ customer_id: 1, city: 'Paris' }]);
  });

  it('rejects a file that is not UTF-8', async () => {
    project.write('seeds/customers.csv', 'customer_id,name,vip,city\n1,Ann,true,Paris\n');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(project.dir, 'seeds/customers.csv'),
      Buffer.concat([
        Buffer.from('customer_id,name,vip,city\n1,'),
        Buffer.from([0xe9, 0x41]),
        Buffer.from(',true,Paris\n'),
      ]),
    );
    const res = await load({ select: ['customers'] });
    expect(res.results[0]!.error?.message).toMatch(/not valid UTF-8/);
    expect(await q('select city from raw.customers')).toEqual([{ city: 'Paris' }]);
  });
});
