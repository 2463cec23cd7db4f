import type { Cell } from '../parse/unit-tests/types.js';

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

/** A distinct row and how often each side has it (rows equal by value, as the database compares them). */
export interface RowGroup {
  /** The row as the expected side writes it (absent when only the model returned it). */
  expected?: Row;
  /** The row as the model returned it (absent when the model did not return it). */
  actual?: Row;
  nExpected: number;
  nActual: number;
}

/**
 * Compares expected and actual rows as multisets (order does not matter, a
 * row expected twice must come twice; NULL equals NULL), from rows grouped
 * by value. Each missing row is paired with the unexpected row sharing the
 * most cells, so a row that came out with one wrong value reads as
 * - expected / + actual with that cell marked; unpaired rows follow.
 */
export function compareGroups(columns: string[], groups: readonly RowGroup[]): Comparison {
  const missing: Row[] = [];
  const extra: Row[] = [];
  let matched = 0;
  for (const g of groups) {
    matched += Math.min(g.nExpected, g.nActual);
    for (let i = g.nActual; i < g.nExpected; i++) missing.push(g.expected ?? g.actual!);
    for (let i = g.nExpected; i < g.nActual; i++) extra.push(g.actual ?? g.expected!);
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

/** The same from plain rows, equal when their text is equal. */
export function compareRows(columns: string[], expected: readonly Row[], actual: readonly Row[]): Comparison {
  const groups = new Map<string, RowGroup>();
  const group = (r: Row) => {
    let g = groups.get(key(r));
    if (!g) groups.set(key(r), (g = { nExpected: 0, nActual: 0 }));
    return g;
  };
  for (const r of expected) {
    const g = group(r);
    g.expected = r;
    g.nExpected++;
  }
  for (const r of actual) {
    const g = group(r);
    g.actual = r;
    g.nActual++;
  }
  return compareGroups(columns, [...groups.values()]);
}
