import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { run, seed } from '../api/run.js';
import { test as runTests } from '../api/test.js';
import type { QualityReport } from '../artifacts/index.js';
import { CRAFTED_FILES, EXPECTED } from './test-support/crafted-project.js';

type ReportTest = QualityReport['tests'][number];

describeEachDatabase('built-in data tests on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let batched: QualityReport;
  const opts = () => ({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
  const byName = (report: QualityReport) => new Map<string, ReportTest>(report.tests.map((t) => [t.name, t]));

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(CRAFTED_FILES);
    expect((await seed(opts())).success).toBe(true);
    expect((await run(opts())).success).toBe(true);
    const summary = await runTests(opts());
    batched = summary.quality!;
    expect(summary.success).toBe(false);
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('counts the known defects of every built-in test', () => {
    const tests = byName(batched);
    expect([...tests.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, [status, failures, evaluated]] of Object.entries(EXPECTED)) {
      expect([name, tests.get(name)!.status, tests.get(name)!.failures, tests.get(name)!.evaluated]).toEqual([
        name,
        status,
        failures,
        evaluated,
      ]);
    }
  });

  it('shares one scan among the row-level tests of a relation', () => {
    const shared = batched.tests
      .filter((t) => t.batched)
      .map((t) => t.name)
      .sort();
    expect(shared).toEqual([
      'accepted_range_customers_age__120__18',
      'accepted_range_customers_age__false__30',
      'accepted_values_customers_tier__gold__silver__bronze',
      'expression_is_true_customers_age___100',
      'expression_is_true_customers_customer_id_4',
      'not_empty_string_customers_name',
      'not_null_customers_email',
      // the seed and the source read the same table: one scan
      'not_null_regions_code',
      'source_not_null_shop_src_regions_code',
    ]);
  });

  it('gives the same results, messages and samples batched and one query per test', async () => {
    const alone = (await runTests({ ...opts(), batchTests: false })).quality!;
    expect(alone.tests.every((t) => !t.batched)).toBe(true);
    // recency's sample shows now() - interval, which moves between runs
    const strip = (r: QualityReport) =>
      r.tests.map(({ batched: _b, ...t }) => ({
        ...t,
        sample_failing_rows: t.sample_failing_rows.map(({ threshold: _t, ...row }) => row),
      }));
    expect(strip(alone)).toEqual(strip(batched));
    expect(alone.dimensions).toEqual(batched.dimensions);
  });

  it('keeps up to five failing rows and the compiled SQL of each test', () => {
    const t = byName(batched).get('not_null_customers_email')!;
    expect(t.sample_failing_rows).toEqual([
      { customer_id: 2, email: null, name: 'Bob', tier: 'silver', age: 17, region: 'B' },
    ]);
    expect(t.compiled_path).toBe('target/compiled/shop/models/schema.yml/not_null_customers_email.sql');
    expect(readFileSync(join(project.dir, t.compiled_path!), 'utf8')).toContain('from "main"."customers"');
    const dup = byName(batched).get('unique_customers_customer_id')!;
    expect(dup.sample_failing_rows).toEqual([{ unique_field: 3, n_records: kind === 'postgres' ? '2' : 2 }]);
  });

  it('writes run_results with failure counts', () => {
    const results = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8')) as {
      results: { unique_id: string; status: string; failures: number | null }[];
    };
    const id = batched.tests.find((t) => t.name === 'not_empty_string_customers_name')!.unique_id;
    expect(results.results.find((r) => r.unique_id === id)).toMatchObject({ status: 'fail', failures: 2 });
  });
});
