import type { NodeStatus } from '../events/index.js';
import type { UnitTestRecord } from '../unit-tests/runner.js';
import { MANIFEST_SCHEMA, RUN_RESULTS_SCHEMA, TSMODEL_VERSION } from './manifest.js';
import { DBT_SHAPE_VERSION, tsmodelEnv, type TsmodelMeta } from './dbt-shape.js';

export interface RunResultEntry {
  unique_id: string;
  status: NodeStatus;
  message: string;
  timing: { name: string; started_at: string; completed_at: string }[];
  execution_time: number;
  thread_id: string;
  adapter_response: { _message?: string; code?: string; rows_affected?: number | null };
  failures: number | null;
  relation_name: string | null;
  compiled_path: string | null;
  /** Where the failure is (file:line), when it failed. */
  error_location?: string;
  /** Seeds: rows loaded and NULLs per column. */
  monitoring?: { rows_loaded: number; null_counts: Record<string, number> };
  /** Models with config.audit: rows in, rows out, rows rejected per rule, as the model names them. */
  audit?: Record<string, number>;
  /** Unit tests: the model, where it ran, and the diff of a failure. */
  unit_test?: UnitTestRecord;
}

export interface RunResults {
  metadata: Record<string, unknown>;
  results: Record<string, unknown>[];
  elapsed_time: number;
  args: Record<string, unknown>;
}

export { MANIFEST_SCHEMA };

/** One result in dbt's run_results v6 shape; tsmodel's own figures under adapter_response.tsmodel. */
function dbtResult(r: RunResultEntry, compiled: string | undefined): Record<string, unknown> {
  const ours = {
    ...(r.monitoring ? { monitoring: r.monitoring } : {}),
    ...(r.audit ? { audit: r.audit } : {}),
    ...(r.unit_test ? { unit_test: r.unit_test } : {}),
    ...(r.error_location ? { error_location: r.error_location } : {}),
    ...(r.status === 'cancelled' ? { cancelled: true } : {}),
    compiled_path: r.compiled_path,
  };
  return {
    status: r.status,
    timing: r.timing,
    thread_id: r.thread_id,
    execution_time: r.execution_time,
    adapter_response: { ...r.adapter_response, tsmodel: ours },
    message: r.message,
    failures: r.failures,
    unique_id: r.unique_id,
    compiled: compiled !== undefined,
    compiled_code: compiled ?? null,
    relation_name: r.relation_name,
    batch_results: null,
  };
}

export function buildRunResults(
  meta: TsmodelMeta,
  results: RunResultEntry[],
  elapsedSeconds: number,
  args: Record<string, unknown>,
  compiled: ReadonlyMap<string, string> = new Map(),
): RunResults {
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA,
      dbt_version: DBT_SHAPE_VERSION,
      generated_at: meta.generated_at,
      invocation_id: meta.invocation_id,
      env: tsmodelEnv(meta, TSMODEL_VERSION),
    },
    results: results.map((r) => dbtResult(r, compiled.get(r.unique_id))),
    elapsed_time: elapsedSeconds,
    args,
  };
}
