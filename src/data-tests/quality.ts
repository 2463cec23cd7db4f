import type { QualityConfig } from './quality-config.js';
import { scoreSet, type ScoreSet, type ScoredTest } from './score.js';
import type { Dimension } from '../test-catalog/index.js';

/** One test as the quality report shows it. */
export interface TestRecord {
  uniqueId: string;
  name: string;
  /** The generic test's name, or "singular". */
  testType: string;
  dimension: Dimension;
  /** The node scored (unique id), if any. */
  model: string | null;
  modelName: string | null;
  column: string | null;
  layer: string;
  severity: 'error' | 'warn';
  status: 'pass' | 'warn' | 'fail' | 'error' | 'skipped';
  failures: number | null;
  evaluated: number | null;
  samples: Record<string, unknown>[];
  message: string;
  compiledPath: string | null;
  batched: boolean;
}

export interface ThresholdCheck {
  scope: 'overall' | 'layer';
  name: string;
  score: number | null;
  minScore: number;
  passed: boolean;
}

export interface Assessment {
  overall: ScoreSet;
  models: Map<string, { name: string; layer: string; scores: ScoreSet }>;
  layers: Map<string, ScoreSet>;
  checks: ThresholdCheck[];
  passed: boolean;
}

/** Tests that produced numbers (pass, warn, fail); errored and skipped ones are listed but not scored. */
function scored(records: readonly TestRecord[]): ScoredTest[] {
  return records
    .filter((r) => (r.status === 'pass' || r.status === 'warn' || r.status === 'fail') && r.failures !== null)
    .map((r) => ({ dimension: r.dimension, failures: r.failures!, evaluated: r.evaluated ?? r.failures! }));
}

function groupBy<K>(records: readonly TestRecord[], key: (r: TestRecord) => K | null): Map<K, TestRecord[]> {
  const out = new Map<K, TestRecord[]>();
  for (const r of records) {
    const k = key(r);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Scores overall, per model and per layer, and checks them against min_score (overall and per layer). */
export function assessQuality(records: readonly TestRecord[], config: QualityConfig): Assessment {
  const overall = scoreSet(scored(records), config.weights);
  const models = new Map<string, { name: string; layer: string; scores: ScoreSet }>();
  for (const [id, list] of groupBy(records, (r) => r.model)) {
    models.set(id, {
      name: list[0]!.modelName ?? id,
      layer: list[0]!.layer,
      scores: scoreSet(scored(list), config.weights),
    });
  }
  const layers = new Map<string, ScoreSet>();
  for (const [layer, list] of [...groupBy(records, (r) => r.layer)].sort(([a], [b]) => a.localeCompare(b)))
    layers.set(layer, scoreSet(scored(list), config.weights));
  const checks: ThresholdCheck[] = [];
  const check = (scope: ThresholdCheck['scope'], name: string, score: number | null, minScore: number | undefined) => {
    if (minScore === undefined) return;
    checks.push({ scope, name, score, minScore, passed: score === null || score >= minScore });
  };
  check('overall', 'overall', overall.score, config.minScore);
  for (const [layer, cfg] of Object.entries(config.layers)) {
    const set = layers.get(layer);
    if (set) check('layer', layer, set.score, cfg.minScore);
  }
  return { overall, models, layers, checks, passed: checks.every((c) => c.passed) };
}
