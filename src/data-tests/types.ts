import type { Dimension } from '../test-catalog/index.js';

/** How a data test ended: dbt's statuses (error = it could not run). */
export type TestStatus = 'pass' | 'warn' | 'fail' | 'error';

/** What a test run produced: the numbers the quality score is made of. */
export interface TestOutcome {
  uniqueId: string;
  status: TestStatus;
  /** The failure count (fail_calc over the failing rows, after `limit`). */
  failures: number | null;
  /** Rows the test looked at (after `where`). */
  evaluated: number | null;
  /** Up to five failing rows, JSON-safe. */
  samples: Record<string, unknown>[];
  message: string;
  dimension: Dimension;
  severity: 'error' | 'warn';
  /** Counted in a shared aggregate query with other tests of the same relation. */
  batched: boolean;
  /** Where failing rows were stored (store_failures), schema.table. */
  storedIn?: string;
}
