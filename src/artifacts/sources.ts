import type { FreshnessCriteria, FreshnessStatus } from '../data-tests/index.js';
import { TSMODEL_VERSION } from './manifest.js';
import { DBT_SHAPE_VERSION, tsmodelEnv, type TsmodelMeta } from './dbt-shape.js';

export const DBT_SOURCES_SCHEMA = 'https://schemas.getdbt.com/dbt/sources/v3.json';

type Timing = { name: string; started_at: string; completed_at: string };

/** One source table's freshness, as sources.json v3 holds it (a runtime error carries only its message). */
export type FreshnessResultEntry =
  | { unique_id: string; status: 'runtime error'; error: string }
  | {
      unique_id: string;
      status: FreshnessStatus;
      max_loaded_at: string;
      snapshotted_at: string;
      max_loaded_at_time_ago_in_s: number;
      criteria: FreshnessCriteria;
      adapter_response: Record<string, unknown>;
      timing: Timing[];
      thread_id: string;
      execution_time: number;
    };

export interface SourcesArtifact {
  metadata: Record<string, unknown>;
  results: FreshnessResultEntry[];
  elapsed_time: number;
}

/** target/sources.json in dbt's v3 shape (which allows no key of its own: tsmodel's are in metadata.env). */
export function buildSourcesArtifact(
  meta: TsmodelMeta,
  results: FreshnessResultEntry[],
  elapsedSeconds: number,
): SourcesArtifact {
  return {
    metadata: {
      dbt_schema_version: DBT_SOURCES_SCHEMA,
      dbt_version: DBT_SHAPE_VERSION,
      generated_at: meta.generated_at,
      invocation_id: meta.invocation_id,
      env: tsmodelEnv(meta, TSMODEL_VERSION),
    },
    results,
    elapsed_time: elapsedSeconds,
  };
}
