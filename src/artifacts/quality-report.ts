import {
  DIMENSIONS,
  round2,
  type Assessment,
  type DimensionScore,
  type QualityConfig,
  type ScoreSet,
  type TestRecord,
} from '../data-tests/index.js';
import { testScore } from '../data-tests/index.js';
import { TSMODEL_VERSION, type ArtifactMetadata } from './manifest.js';

export const QUALITY_REPORT_SCHEMA = 'https://tsmodel.dev/schemas/quality-report/v1.json';

interface DimensionEntry {
  score: number;
  tests: number;
  failures: number;
  evaluated: number;
}

export interface QualityReport {
  metadata: ArtifactMetadata;
  run_id: string;
  generated_at: string;
  /** Whether every min_score was met. */
  passed: boolean;
  overall: { score: number | null; min_score: number | null; passed: boolean };
  weights: Record<string, number>;
  dimensions: Record<string, DimensionEntry>;
  layers: Record<
    string,
    { score: number | null; min_score: number | null; passed: boolean; dimensions: Record<string, DimensionEntry> }
  >;
  models: Record<
    string,
    { name: string; layer: string; score: number | null; dimensions: Record<string, DimensionEntry> }
  >;
  tests: {
    unique_id: string;
    name: string;
    test_type: string;
    dimension: string;
    model: string | null;
    column: string | null;
    layer: string;
    severity: string;
    status: string;
    failures: number | null;
    evaluated: number | null;
    score: number | null;
    batched: boolean;
    message: string;
    sample_failing_rows: Record<string, unknown>[];
    compiled_path: string | null;
  }[];
}

function dims(set: ScoreSet): Record<string, DimensionEntry> {
  const out: Record<string, DimensionEntry> = {};
  for (const d of DIMENSIONS) {
    const v: DimensionScore | undefined = set.dimensions[d];
    if (v) out[d] = { score: round2(v.score), tests: v.tests, failures: v.failures, evaluated: v.evaluated };
  }
  return out;
}

const r = (n: number | null) => (n === null ? null : round2(n));

/** target/quality_report.json: scores overall, per dimension, layer, model and test (shape in docs/artifacts.md). */
export function buildQualityReport(
  meta: Omit<ArtifactMetadata, 'schema_version' | 'tsmodel_version'>,
  records: readonly TestRecord[],
  a: Assessment,
  config: QualityConfig,
): QualityReport {
  const overallCheck = a.checks.find((c) => c.scope === 'overall');
  return {
    metadata: { schema_version: QUALITY_REPORT_SCHEMA, tsmodel_version: TSMODEL_VERSION, ...meta },
    run_id: meta.invocation_id,
    generated_at: meta.generated_at,
    passed: a.passed,
    overall: { score: r(a.overall.score), min_score: config.minScore ?? null, passed: overallCheck?.passed ?? true },
    weights: { ...config.weights },
    dimensions: dims(a.overall),
    layers: Object.fromEntries(
      [...a.layers].map(([name, set]) => {
        const check = a.checks.find((c) => c.scope === 'layer' && c.name === name);
        return [
          name,
          {
            score: r(set.score),
            min_score: check?.minScore ?? null,
            passed: check?.passed ?? true,
            dimensions: dims(set),
          },
        ];
      }),
    ),
    models: Object.fromEntries(
      [...a.models].map(([id, m]) => [
        id,
        { name: m.name, layer: m.layer, score: r(m.scores.score), dimensions: dims(m.scores) },
      ]),
    ),
    tests: records.map((t) => ({
      unique_id: t.uniqueId,
      name: t.name,
      test_type: t.testType,
      dimension: t.dimension,
      model: t.model,
      column: t.column,
      layer: t.layer,
      severity: t.severity,
      status: t.status,
      failures: t.failures,
      evaluated: t.evaluated,
      score:
        t.failures === null || t.status === 'error' || t.status === 'skipped'
          ? null
          : round2(testScore(t.failures, t.evaluated ?? t.failures)),
      batched: t.batched,
      message: t.message,
      sample_failing_rows: t.samples,
      compiled_path: t.compiledPath,
    })),
  };
}
