import { DIMENSIONS, type Dimension } from '../test-catalog/index.js';

/** What a finished test contributes to the score. */
export interface ScoredTest {
  dimension: Dimension;
  failures: number;
  evaluated: number;
}

export interface DimensionScore {
  score: number;
  tests: number;
  failures: number;
  evaluated: number;
}

export interface ScoreSet {
  /** The weighted mean of the dimensions present; null when no test ran. */
  score: number | null;
  dimensions: Partial<Record<Dimension, DimensionScore>>;
}

export type Weights = Readonly<Record<Dimension, number>>;

export const EQUAL_WEIGHTS: Weights = Object.fromEntries(DIMENSIONS.map((d) => [d, 1])) as Record<Dimension, number>;

/** 100 × (1 − failing / evaluated); a test cannot fail more rows than it evaluated, and one that evaluated nothing scores 100. */
export function testScore(failures: number, evaluated: number): number {
  const seen = Math.max(evaluated, failures);
  return seen === 0 ? 100 : 100 * (1 - failures / seen);
}

/**
 * Dimension score: the mean of its tests' scores weighted by rows evaluated,
 * which is 100 × (1 − Σ failing / Σ evaluated). Overall: the mean of the
 * dimensions present, weighted by `weights` (a dimension of weight 0 is shown
 * but does not count).
 */
export function scoreSet(tests: readonly ScoredTest[], weights: Weights = EQUAL_WEIGHTS): ScoreSet {
  const dimensions: Partial<Record<Dimension, DimensionScore>> = {};
  for (const t of tests) {
    const d = (dimensions[t.dimension] ??= { score: 100, tests: 0, failures: 0, evaluated: 0 });
    d.tests++;
    d.failures += t.failures;
    d.evaluated += Math.max(t.evaluated, t.failures);
  }
  let weighted = 0;
  let totalWeight = 0;
  for (const name of DIMENSIONS) {
    const d = dimensions[name];
    if (!d) continue;
    d.score = testScore(d.failures, d.evaluated);
    const w = weights[name] ?? 1;
    weighted += w * d.score;
    totalWeight += w;
  }
  return { score: totalWeight > 0 ? weighted / totalWeight : null, dimensions };
}

/** Rounded for reports: two decimals. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
