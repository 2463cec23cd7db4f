import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  describeEachDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { run } from '../api/run.js';
import { test as runTests } from '../api/test.js';
import type { QualityReport } from '../artifacts/index.js';

/** Column names PostgreSQL only takes quoted: a space, capitals, a reserved word. One NULL and one duplicate each. */
const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/orders.sql': `select * from (values (1, date '2024-01-01', 'A', 'x'), (2, null, 'A', 'y'), (3, date '2024-01-01', null, null))
  as t(id, "Order Date", "CustomerID", "select")`,
  'models/schema.yml': `version: 2
models:
  - name: orders
    columns:
      - name: Order Date
        quote: true
        data_tests: [not_null, unique]
      - name: CustomerID
        quote: true
        data_tests: [not_null, {accepted_values: {values: ['A', 'B']}}]
      - name: select
        quote: true
        data_tests: [not_null, unique]
`,
};

describeEachDatabase('columns with quote: true on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let report: QualityReport;
  const opts = () => ({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(FILES);
    expect((await run(opts())).success).toBe(true);
    report = (await runTests(opts())).quality!;
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('are tested with the quoted name, and each test counts its failing rows', () => {
    const byColumn = report.tests.map((t) => [t.name, t.status, t.failures]).sort();
    expect(byColumn).toEqual([
      ['accepted_values_orders__CustomerID___A__B', 'pass', 0],
      ['not_null_orders__CustomerID_', 'fail', 1],
      ['not_null_orders__Order_Date_', 'fail', 1],
      ['not_null_orders__select_', 'fail', 1],
      ['unique_orders__Order_Date_', 'fail', 1],
      ['unique_orders__select_', 'pass', 0],
    ]);
  });

  it('keep the plain column name on the test (docs and manifest attach it to the column)', async () => {
    const summary = await runTests({ ...opts(), select: ['test_name:not_null'] });
    expect(summary.results.map((r) => r.node.columnName).sort()).toEqual(['CustomerID', 'Order Date', 'select']);
  });

  it('without quote: true, the name is used as written (as dbt does): the database rejects it', async () => {
    project.write('models/schema.yml', FILES['models/schema.yml']!.replace(/\n\s+quote: true/g, ''));
    try {
      const summary = await runTests(opts());
      const errors = summary.results.filter((r) => r.status === 'error').map((r) => r.node.name);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      project.write('models/schema.yml', FILES['models/schema.yml']!);
    }
  });
});
