/**
 * Day two of the example project at scale 10 (10,000 customers, 300,000 line
 * items), on PostgreSQL. At this size batch 2 brings new customers whose first
 * sale predates their `updated_at`; a scale-1 build had none, so the scale-1
 * test (example-project.test.ts, both engines) never saw the as-of join drop
 * them. The PGlite arm stays at scale 1: scale 10 takes minutes there
 * (docs/reliability.md gives the figures).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../adapters/test-support/test-databases.js';
import { generate } from '../generate/index.js';
import { build, type RunSummary } from './run.js';
import { copyExampleProject } from './test-support/example-project.js';

const failures = (summary: RunSummary) =>
  summary.results
    .filter((r) => !['success', 'pass', 'warn'].includes(r.status))
    .map((r) => `${r.node.name}: ${r.message}`);

describe.runIf(testDatabaseKinds().includes('postgres'))('the example project at scale 10 on postgres', () => {
  let db: TestDatabase | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await db?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every line item in fact_sales on day two, new customers included', { timeout: 900_000 }, async () => {
    db = await createTestDatabase('postgres');
    dir = copyExampleProject();
    const project = { projectDir: dir, targetConfig: db.target, adapter: db.adapter() };
    const q = async (sql: string, params: unknown[] = []) => (await db!.adapter().query(sql, params)).rows;

    await generate({ outDir: join(dir, 'seeds'), scale: 10 });
    expect(failures(await build(project))).toEqual([]);
    const dayOne = (await q(`select distinct customer_id from warehouse.dim_customers`)).map((r) => r.customer_id);
    expect(dayOne.length).toBeGreaterThan(9000);

    await generate({ outDir: join(dir, 'seeds'), scale: 10, batch: 2 });
    // fact_rows_equal_production_items and fact_revenue_equals_production are among the tests the build runs.
    expect(failures(await build(project))).toEqual([]);
    const [counts] = await q(`select (select count(*) from warehouse.fact_sales)::int as fact,
      (select count(*) from production.transaction_items)::int as items`);
    expect(counts!.fact).toBe(counts!.items);
    // The case that was lost: sales of a customer new on day two, dated before that customer's updated_at.
    // Their customer's first version starts at 1900-01-01 (valid_from_initial), as day one's did.
    const early = await q(
      `select count(*)::int as n, min(to_char(c.effective_date, 'YYYY-MM-DD')) as starts, count(distinct c.customer_id)::int as customers
       from warehouse.fact_sales f join warehouse.dim_customers c on c.customer_sk = f.customer_sk
       where not (f.customer_id = any($1::text[])) and f.sold_at < c.updated_at`,
      [dayOne],
    );
    expect(early[0]!.n).toBeGreaterThan(0);
    expect(early[0]!.starts).toBe('1900-01-01');
    // Every fact row still points at the version valid at its own time, and at exactly one.
    const misjoined = await q(`select count(*)::int as n from warehouse.fact_sales f
      join warehouse.dim_customers c on c.customer_sk = f.customer_sk
      where not (c.effective_date <= f.sold_at and (c.end_date is null or f.sold_at < c.end_date))`);
    expect(misjoined).toEqual([{ n: 0 }]);
  });
});
