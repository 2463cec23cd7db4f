import type { Cell } from './types.js';

export type Row = readonly Cell[];

/** One line of a diff: an expected row the model did not return (-), or a row it returned unexpectedly (+). */
export interface DiffLine {
  kind: '-' | '+';
  values: Cell[];
  /** On a + row paired with the - row above it: the columns whose value differs. */
  differs?: string[];
}

export interface Comparison {
  equal: boolean;
  columns: string[];
  /** Counts over the whole result, not only the lines kept. */
  missing: number;
  extra: number;
  matched: number;
  lines: DiffLine[];
}

const key = (r: Row): string => JSON.stringify(r);

function sameCells(a: Row, b: Row): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) n++;
  return n;
}

/**
 * Compares expected and actual rows as multisets (order does not matter, a
 * row expected twice must come twice; NULL equals NULL). Each missing row is
 * paired with the unexpected row sharing the most cells, so a row that came
 * out with one wrong value reads as - expected / + actual with that cell
 * marked; unpaired rows follow.
 */
export function compareRows(columns: string[], expected: readonly Row[], actual: readonly Row[]): Comparison {
  const pool = new Map<string, number>();
  for (const r of actual) pool.set(key(r), (pool.get(key(r)) ?? 0) + 1);
  const missing: Row[] = [];
  let matched = 0;
  for (const r of expected) {
    const n = pool.get(key(r)) ?? 0;
    if (n > 0) {
      pool.set(key(r), n - 1);
      matched++;
    } else missing.push(r);
  }
  const extra: Row[] = [];
  const left = new Map(pool);
  for (const r of actual) {
    const n = left.get(key(r)) ?? 0;
    if (n > 0) {
      left.set(key(r), n - 1);
      extra.push(r);
    }
  }
  const lines: DiffLine[] = [];
  const unpaired = [...extra];
  for (const m of missing) {
    lines.push({ kind: '-', values: [...m] });
    let best = -1;
    let bestScore = 0;
    unpaired.forEach((e, i) => {
      const s = sameCells(m, e);
      if (s > bestScore) [best, bestScore] = [i, s];
    });
    if (best >= 0) {
      const e = unpaired.splice(best, 1)[0]!;
      lines.push({ kind: '+', values: [...e], differs: columns.filter((_c, i) => e[i] !== m[i]) });
    }
  }
  for (const e of unpaired) lines.push({ kind: '+', values: [...e] });
  return {
    equal: missing.length === 0 && extra.length === 0,
    columns,
    missing: missing.length,
    extra: extra.length,
    matched,
    lines,
  };
}
