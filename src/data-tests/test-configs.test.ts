import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { run } from '../api/run.js';
import { test as runTests } from '../api/test.js';
import type { QualityReport } from '../artifacts/index.js';

/** items: qty has one NULL, one negative and one zero; cost < price fails for items 2 and 4. */
const FILES: Record<string, string> = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/items.sql':
    'select * from (values (1, 5, 10.0, 12.0), (2, -1, 3.0, 2.0), (3, 0, 4.0, 5.0), ' +
    '(4, null, 1.0, 1.0), (5, 7, 2.0, 9.0)) as t(item_id, qty, cost, price)',
  'macros/overrides.sql': `{% test accepted_values(model, column_name, values, quote=true) %}
select * from {{ model }} where {{ column_name }} is null or {{ column_name }} not in ({{ values | join(', ') }})
{% endtest %}`,
  'tests/generic/positive.sql': `{% test positive(model, column_name) %}
select * from {{ model }} where {{ column_name }} <= 0
{% endtest %}`,
  'tests/assert_price_at_least_3.sql': `{{ config(dimension='validity', severity='warn') }}
select * from {{ ref('items') }} where price < 3`,
  'models/schema.yml': `version: 2
models:
  - name: items
    data_tests:
      - expression_is_true:
          name: cost_below_price_limited
          expression: cost < price
          config: {limit: 1}
      - expression_is_true:
          name: cost_below_price
          expression: cost < price
          config: {store_failures: true, dimension: validity}
    columns:
      - name: item_id
        data_tests:
          - not_null: {config: {enabled: false}}
          - unique: {config: {tags: [nightly]}}
      - name: qty
        data_tests:
          - not_null: {config: {severity: warn}}
          - accepted_range: {name: qty_warn_band, min: 1, config: {warn_if: '>0', error_if: '>5'}}
          - accepted_range: {name: qty_error_band, min: 1, config: {error_if: '>1'}}
          - accepted_range: {name: qty_where, min: 1, config: {where: 'item_id < 3'}}
          - accepted_values: {values: [5, 7], quote: false}
          - positive
`,
};

type ReportTest = QualityReport['tests'][number];

describeEachDatabase('data test configs on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let tests: Map<string, ReportTest>;
  const opts = () => ({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
  const q = async (sql: string) => (await db.adapter().query(sql)).rows;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(FILES);
    expect((await run(opts())).success).toBe(true);
    const report = (await runTests(opts())).quality!;
    tests = new Map(report.tests.map((t) => [t.name, t]));
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  const pick = (name: string) => {
    const t = tests.get(name)!;
    return {
      status: t.status,
      failures: t.failures,
      evaluated: t.evaluated,
      dimension: t.dimension,
      severity: t.severity,
    };
  };

  it('severity warn reports a warning, never a failure', () => {
    expect(pick('not_null_items_qty')).toEqual({
      status: 'warn',
      failures: 1,
      evaluated: 5,
      dimension: 'completeness',
      severity: 'warn',
    });
  });

  it('warn_if and error_if decide between warn and fail on the failure count', () => {
    expect(pick('qty_warn_band')).toMatchObject({ status: 'warn', failures: 2 });
    expect(tests.get('qty_warn_band')!.message).toBe('Got 2 failing rows of 5 evaluated, configured to warn if > 0');
    expect(pick('qty_error_band')).toMatchObject({ status: 'fail', failures: 2 });
    expect(tests.get('qty_error_band')!.message).toBe('Got 2 failing rows of 5 evaluated, configured to fail if > 1');
  });

  it('where filters the rows evaluated and failing', () => {
    expect(pick('qty_where')).toMatchObject({ status: 'fail', failures: 1, evaluated: 2 });
  });

  it('limit caps the failures counted', () => {
    expect(pick('cost_below_price_limited')).toMatchObject({ failures: 1, evaluated: 5 });
    expect(tests.get('cost_below_price_limited')!.sample_failing_rows).toHaveLength(1);
  });

  it('store_failures keeps the failing rows in <schema>_test_failures, replaced each run', async () => {
    expect(pick('cost_below_price')).toMatchObject({ status: 'fail', failures: 2, dimension: 'validity' });
    await runTests({ ...opts(), select: ['test_name:expression_is_true'] });
    expect(await q('select item_id from main_test_failures.cost_below_price order by 1')).toEqual([
      { item_id: 2 },
      { item_id: 4 },
    ]);
  });

  it('enabled: false leaves the test out; tags select tests', async () => {
    expect(tests.has('not_null_items_item_id')).toBe(false);
    const tagged = await runTests({ ...opts(), select: ['tag:nightly'] });
    expect(tagged.quality!.tests.map((t) => [t.name, t.status])).toEqual([['unique_items_item_id', 'pass']]);
  });

  it("a project's {% test %} of a built-in's name replaces it (and keeps its dimension)", () => {
    // the override counts the NULL too, which the built-in lets pass
    expect(pick('accepted_values_items_qty__false__5__7')).toMatchObject({ failures: 3, dimension: 'validity' });
    expect(tests.get('accepted_values_items_qty__false__5__7')!.batched).toBe(false);
  });

  it('custom generic tests from tests/generic and singular tests score in consistency unless configured', () => {
    expect(pick('positive_items_qty')).toEqual({
      status: 'fail',
      failures: 2,
      evaluated: 5,
      dimension: 'consistency',
      severity: 'error',
    });
    expect(pick('assert_price_at_least_3')).toEqual({
      status: 'warn',
      failures: 2,
      evaluated: 5,
      dimension: 'validity',
      severity: 'warn',
    });
    expect(tests.get('assert_price_at_least_3')!.model).toBe('model.shop.items');
  });
});
