import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  testDatabaseKinds,
  skipNote,
  postgresSkipReason,
} from '../adapters/test-support/test-databases.js';
import { generate } from '../generate/index.js';
import { build } from './run.js';
import {
  copyExampleProject,
  EXAMPLE_TABLES,
  tableChecksums,
  type TableChecksums,
} from './test-support/example-project.js';

const TABLES = [
  'staging.customers',
  'staging.products',
  'staging.transactions',
  'staging.transaction_items',
  ...EXAMPLE_TABLES,
];

const built: Record<string, TableChecksums> = {};
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

describeEachDatabase('the example project on %s', (kind) => {
  it('builds the whole warehouse from a fresh database', async () => {
    const db = await createTestDatabase(kind);
    const dir = copyExampleProject();
    cleanup.push(
      () => db.dispose(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    const summary = await build({ projectDir: dir, targetConfig: db.target, adapter: db.adapter() });
    expect(
      summary.results
        .filter((r) => !['success', 'pass', 'warn'].includes(r.status))
        .map((r) => `${r.node.name}: ${r.message}`),
    ).toEqual([]);
    built[kind] = await tableChecksums(db.adapter(), TABLES);
    // The staging tests catch every defect class the generator injected, exactly as many times.
    const metadata = JSON.parse(readFileSync(join(dir, 'seeds/_generation_metadata.json'), 'utf8')) as {
      defectsByTable: Record<string, Record<string, number>>;
    };
    const caught: Record<string, Record<string, number>> = {};
    for (const t of summary.quality!.tests) {
      const node = summary.project.graph.nodes.get(t.unique_id)!;
      const defect = (node.config.meta as { defect?: string }).defect;
      if (!defect) continue;
      const table = summary.project.graph.nodes.get(node.attachedNode!)!.name;
      caught[table] ??= {};
      caught[table]![defect] = (caught[table]![defect] ?? 0) + (t.failures ?? NaN);
    }
    expect(caught).toEqual(metadata.defectsByTable);
    expect(summary.quality!.layers.production!.score).toBe(100);
    expect(summary.quality!.layers.warehouse!.score).toBe(100);
    expect(summary.quality!.layers.seeds!.score).toBeLessThan(100);
    expect(summary.quality!.passed).toBe(true);
    // Rows in vs rows out and rows handled per cleansing rule, recorded for each production model.
    const runResults = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
      results: { unique_id: string; adapter_response: { tsmodel: { audit?: Record<string, number> } } }[];
    };
    const audit = (name: string) =>
      runResults.results.find((r) => r.unique_id === `model.ecommerce.${name}`)!.adapter_response.tsmodel.audit!;
    const d = (table: string, kind: string) => metadata.defectsByTable[table]![kind]!;
    expect(audit('prod_customers')).toMatchObject({
      rows_in: 1000,
      rows_out: 1000 - d('customers', 'duplicate_customers'),
      duplicates_merged: d('customers', 'duplicate_customers'),
      names_standardized: d('customers', 'unstandardized_names'),
      fields_filled_unknown: d('customers', 'missing_fields'),
    });
    expect(audit('prod_products')).toMatchObject({
      rows_in: 500,
      prices_rebuilt_from_cost: d('products', 'invalid_prices'),
      costs_reset_below_price: d('products', 'cost_not_below_price'),
      suppliers_filled: d('products', 'missing_supplier_id'),
    });
    expect(audit('prod_transactions')).toMatchObject({
      rows_in: 10000,
      rejected_invalid_date: d('transactions', 'invalid_dates'),
      rejected_future_date: d('transactions', 'future_dates'),
    });
    expect(audit('prod_transaction_items')).toMatchObject({
      rows_in: 30000,
      rejected_nonpositive_quantity: d('transaction_items', 'nonpositive_quantities'),
      discounts_reset: d('transaction_items', 'discount_out_of_range'),
    });
    // fact_sales: range-partitioned by month, every partition CLUSTERed on its copy of the date_sk index.
    const parts = await db.adapter().query(`select count(*)::int as n, count(*) filter (where exists (
        select 1 from pg_index x where x.indrelid = i.inhrelid and x.indisclustered))::int as clustered
      from pg_inherits i where i.inhparent = 'warehouse.fact_sales'::regclass`);
    expect(parts.rows[0]!.n).toBe(25); // 24 months of 2023–2024 and the default partition
    expect(parts.rows[0]!.clustered).toBe(25);
    expect(built[kind]!['warehouse.fact_sales']!.rows).toBe(built[kind]!['production.transaction_items']!.rows);

    // Day two: the generator's batch 2, reloaded and built again.
    await generate({ outDir: join(dir, 'seeds'), batch: 2 });
    const day2 = await build({ projectDir: dir, targetConfig: db.target, adapter: db.adapter() });
    expect(
      day2.results
        .filter((r) => !['success', 'pass', 'warn'].includes(r.status))
        .map((r) => `${r.node.name}: ${r.message}`),
    ).toEqual([]);
    const q = async (sql: string) => (await db.adapter().query(sql)).rows;
    expect(
      await q(
        `select city, to_char(effective_date, 'YYYY-MM-DD') as eff, to_char(end_date, 'YYYY-MM-DD') as ` +
          `"end", is_current from warehouse.dim_customers where customer_id = 'CUST0001' order by effective_date`,
      ),
    ).toEqual([
      { city: 'New York', eff: '1900-01-01', end: '2024-12-27', is_current: false },
      { city: 'Los Angeles', eff: '2024-12-27', end: null, is_current: true },
    ]);
    const johnsSales = await q(`select f.sold_at < timestamp '2024-12-27' as before_move, c.city, count(*)::int as n
      from warehouse.fact_sales f join warehouse.dim_customers c on c.customer_sk = f.customer_sk
      where f.customer_id = 'CUST0001' group by 1, 2 order by 1`);
    expect(johnsSales.every((r) => (r.before_move ? r.city === 'New York' : r.city === 'Los Angeles'))).toBe(true);
    expect(johnsSales.some((r) => r.before_move)).toBe(true);
    // Old facts keep their surrogate keys: batch 1's lines point at the same customer versions as before.
    const moved = await q(
      `select count(*)::int as n from warehouse.dim_customers where end_date >= timestamp '2024-12-27' ` +
        `and end_date < timestamp '2024-12-28'`,
    );
    expect(Number(moved[0]!.n)).toBeGreaterThanOrEqual(35);
    const lateSales = await q(
      `select count(*)::int as n from warehouse.fact_sales where sold_at >= timestamp '2024-12-27'`,
    );
    expect(Number(lateSales[0]!.n)).toBeGreaterThan(0);
    const agg = await q(`select sum(revenue)::text as r from warehouse.agg_daily_sales`);
    const fact = await q(`select sum(line_total)::text as r from warehouse.fact_sales`);
    expect(agg).toEqual(fact);
  });
});

describe.runIf(testDatabaseKinds().length > 1)(`PGlite and PostgreSQL${skipNote(postgresSkipReason())}`, () => {
  it('build identical production and warehouse contents', () => {
    expect(built.pglite).toBeDefined();
    expect(built.postgres).toEqual(built.pglite);
  });
});
