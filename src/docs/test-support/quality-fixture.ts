/**
 * A quality_report.json in the shape of src/artifacts/quality-report.ts, for
 * page tests on a project whose build wrote none (no data tests declared yet).
 */
const DIMENSIONS = ['completeness', 'uniqueness', 'validity', 'consistency', 'referential_integrity'];

function dims(scores: number[]): Record<string, { score: number; tests: number; failures: number; evaluated: number }> {
  return Object.fromEntries(
    DIMENSIONS.map((d, i) => [
      d,
      { score: scores[i]!, tests: 2, failures: scores[i]! < 100 ? 40 : 0, evaluated: 4000 },
    ]),
  );
}

export function qualityReportFixture(project: string): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    metadata: {
      schema_version: 'https://tsmodel.dev/schemas/quality-report/v1.json',
      tsmodel_version: '0.1.0',
      generated_at: now,
      invocation_id: 'fixture',
      project_name: project,
      adapter_type: 'pglite',
      target_name: 'test',
    },
    run_id: 'fixture',
    generated_at: now,
    passed: false,
    overall: { score: 91.25, min_score: 95, passed: false },
    weights: Object.fromEntries(DIMENSIONS.map((d) => [d, 1])),
    dimensions: dims([100, 98.5, 72.5, 90, 95.25]),
    layers: {
      production: { score: 88, min_score: null, passed: true, dimensions: dims([100, 97, 60, 88, 95]) },
      warehouse: { score: 99.5, min_score: 99, passed: true, dimensions: dims([100, 100, 98, 100, 99.5]) },
    },
    models: {
      [`model.${project}.fact_sales`]: {
        name: 'fact_sales',
        layer: 'warehouse',
        score: 99.5,
        dimensions: dims([100, 100, 98, 100, 99.5]),
      },
      [`model.${project}.prod_transactions`]: {
        name: 'prod_transactions',
        layer: 'production',
        score: 80.5,
        dimensions: dims([100, 97, 60, 88, 95]),
      },
    },
    tests: [
      {
        unique_id: `test.${project}.accepted_values_prod_transactions_status`,
        name: 'accepted_values_prod_transactions_status',
        test_type: 'accepted_values',
        dimension: 'validity',
        model: `model.${project}.prod_transactions`,
        column: 'status',
        layer: 'production',
        severity: 'error',
        status: 'fail',
        failures: 40,
        evaluated: 4000,
        score: 99,
        batched: true,
        message: '40 rows outside the accepted values',
        sample_failing_rows: [{ status: 'shipped?' }],
        compiled_path: null,
      },
      {
        unique_id: `test.${project}.not_null_fact_sales_customer_sk`,
        name: 'not_null_fact_sales_customer_sk',
        test_type: 'not_null',
        dimension: 'completeness',
        model: `model.${project}.fact_sales`,
        column: 'customer_sk',
        layer: 'warehouse',
        severity: 'error',
        status: 'pass',
        failures: 0,
        evaluated: 4000,
        score: 100,
        batched: true,
        message: 'pass',
        sample_failing_rows: [],
        compiled_path: null,
      },
    ],
  };
}
