/**
 * Reads what the docs page and the dashboard need from run_results.json and
 * quality_report.json, defensively: either may be missing, older or newer
 * than this code, so every field is checked rather than trusted.
 */
import type { DocsDimension, DocsFailingTest, DocsQuality, DocsRun, DocsRunInfo } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface RunResultsView {
  info: DocsRunInfo;
  byId: Map<string, DocsRun>;
}

/** run_results.json → each node's last status and timing. Undefined when the file is absent or not one. */
export function readRunResults(json: unknown): RunResultsView | undefined {
  if (!isObj(json) || !Array.isArray(json.results)) return undefined;
  const byId = new Map<string, DocsRun>();
  const counts: Record<string, number> = {};
  for (const r of json.results) {
    if (!isObj(r)) continue;
    const id = str(r.unique_id);
    if (!id) continue;
    const status = str(r.status) ?? 'unknown';
    counts[status] = (counts[status] ?? 0) + 1;
    byId.set(id, {
      status,
      message: str(r.message) ?? '',
      executionTime: num(r.execution_time) ?? 0,
      rowsAffected: num(obj(r.adapter_response).rows_affected),
      timing: arr(r.timing)
        .filter(isObj)
        .map((t) => ({ name: str(t.name) ?? '', startedAt: str(t.started_at), completedAt: str(t.completed_at) })),
    });
  }
  const metadata = obj(json.metadata);
  return {
    info: {
      generatedAt: str(metadata.generated_at),
      command: str(obj(json.args).command),
      elapsedTime: num(json.elapsed_time) ?? undefined,
      counts,
    },
    byId,
  };
}

function dimensions(v: unknown): Record<string, DocsDimension> {
  const out: Record<string, DocsDimension> = {};
  for (const [name, d] of Object.entries(obj(v))) {
    if (!isObj(d) || num(d.score) === null) continue;
    out[name] = {
      score: num(d.score)!,
      tests: num(d.tests) ?? 0,
      failures: num(d.failures) ?? 0,
      evaluated: num(d.evaluated) ?? 0,
    };
  }
  return out;
}

export interface QualityView {
  overview: DocsQuality;
  models: Map<string, { score: number | null; dimensions: Record<string, DocsDimension> }>;
  tests: Map<string, { status: string; failures: number | null; dimension: string }>;
}

const FAILING = new Set(['fail', 'error', 'warn']);

/** quality_report.json → the overview, per-model scores and per-test outcomes. Undefined when absent. */
export function readQualityReport(json: unknown): QualityView | undefined {
  if (!isObj(json) || !isObj(json.overall)) return undefined;
  const overall = json.overall;
  const layers: DocsQuality['layers'] = {};
  for (const [name, l] of Object.entries(obj(json.layers))) {
    if (!isObj(l)) continue;
    layers[name] = {
      score: num(l.score),
      minScore: num(l.min_score),
      passed: l.passed !== false,
      dimensions: dimensions(l.dimensions),
    };
  }
  const models = new Map<string, { score: number | null; dimensions: Record<string, DocsDimension> }>();
  for (const [id, m] of Object.entries(obj(json.models)))
    if (isObj(m)) models.set(id, { score: num(m.score), dimensions: dimensions(m.dimensions) });
  const tests = new Map<string, { status: string; failures: number | null; dimension: string }>();
  const failing: DocsFailingTest[] = [];
  const testList = arr(json.tests).filter(isObj);
  for (const t of testList) {
    const id = str(t.unique_id);
    if (!id) continue;
    const status = str(t.status) ?? 'unknown';
    tests.set(id, { status, failures: num(t.failures), dimension: str(t.dimension) ?? '' });
    if (!FAILING.has(status)) continue;
    failing.push({
      id,
      name: str(t.name) ?? id,
      testName: str(t.test_type) ?? '',
      model: str(t.model) ?? null,
      modelName: null,
      column: str(t.column) ?? null,
      layer: str(t.layer) ?? '',
      dimension: str(t.dimension) ?? '',
      severity: str(t.severity) ?? 'error',
      status,
      failures: num(t.failures),
      evaluated: num(t.evaluated),
      message: str(t.message) ?? '',
    });
  }
  return {
    overview: {
      generatedAt: str(json.generated_at) ?? str(obj(json.metadata).generated_at) ?? '',
      score: num(overall.score),
      minScore: num(overall.min_score),
      passed: json.passed !== false,
      dimensions: dimensions(json.dimensions),
      layers,
      testCount: testList.length,
      failing,
    },
    models,
    tests,
  };
}
