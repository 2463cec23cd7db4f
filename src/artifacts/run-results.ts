import type { NodeStatus } from '../events/index.js';
import type { UnitTestRecord } from '../unit-tests/runner.js';
import { MANIFEST_SCHEMA, RUN_RESULTS_SCHEMA, TSMODEL_VERSION, type ArtifactMetadata } from './manifest.js';

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
  metadata: ArtifactMetadata;
  results: RunResultEntry[];
  elapsed_time: number;
  args: Record<string, unknown>;
}

export { MANIFEST_SCHEMA };

export function buildRunResults(
  meta: Omit<ArtifactMetadata, 'schema_version' | 'tsmodel_version'>,
  results: RunResultEntry[],
  elapsedSeconds: number,
  args: Record<string, unknown>,
): RunResults {
  return {
    metadata: { schema_version: RUN_RESULTS_SCHEMA, tsmodel_version: TSMODEL_VERSION, ...meta },
    results,
    elapsed_time: elapsedSeconds,
    args,
  };
}
