/** Median and spread of repeated measurements. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
  values: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}

export function summarize(values: readonly number[], digits = 3): Summary {
  const v = values.filter((x) => Number.isFinite(x));
  return {
    median: round(median(v), digits),
    min: round(Math.min(...v), digits),
    max: round(Math.max(...v), digits),
    n: v.length,
    values: v.map((x) => round(x, digits)),
  };
}

/** Per-repetition ratios a[i] / b[i] (paired: both measured in the same repetition). */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.slice(0, Math.min(a.length, b.length)).map((x, i) => x / b[i]!);
}

/** The exponent k of t ∝ n^k between two sizes (1 = linear). */
export function growthExponent(n1: number, t1: number, n2: number, t2: number): number {
  return Math.log(t2 / t1) / Math.log(n2 / n1);
}
