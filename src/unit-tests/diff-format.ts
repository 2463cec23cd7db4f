import type { Comparison, DiffLine } from './compare.js';

/** How many diff lines the terminal and run_results.json show (the rest are counted). */
export const DIFF_LINES = 20;

/** What run_results.json records of a failed unit test. */
export interface DiffRecord {
  columns: string[];
  missing: number;
  extra: number;
  matched: number;
  /** At most DIFF_LINES lines; `more` counts the others. */
  rows: { diff: '-' | '+'; values: Record<string, string | null>; differs?: string[] }[];
  more: number;
}

export function diffRecord(c: Comparison, max = DIFF_LINES): DiffRecord {
  const kept = c.lines.slice(0, max);
  return {
    columns: c.columns,
    missing: c.missing,
    extra: c.extra,
    matched: c.matched,
    rows: kept.map((l) => ({
      diff: l.kind,
      values: Object.fromEntries(c.columns.map((col, i) => [col, l.values[i] ?? null])),
      ...(l.differs ? { differs: l.differs } : {}),
    })),
    more: c.lines.length - kept.length,
  };
}

function cellText(v: string | null): string {
  if (v === null) return 'NULL';
  const one = v.replace(/\r?\n/g, '\\n');
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One sentence: what differs. */
export function diffSummary(c: Pick<Comparison, 'missing' | 'extra' | 'matched'>): string {
  const parts: string[] = [];
  if (c.missing) parts.push(`${plural(c.missing, 'expected row')} missing`);
  if (c.extra) parts.push(`${plural(c.extra, 'unexpected row')} returned`);
  return `${parts.join(', ')} (${c.matched} matched)`;
}

/**
 * The diff as a text table: `-` an expected row the model did not return,
 * `+` a row it returned instead; on a `+` row paired with the `-` row above,
 * the cells that differ are marked «like this». At most `max` lines.
 */
export function formatDiff(c: Comparison, max = DIFF_LINES): string {
  const kept: DiffLine[] = c.lines.slice(0, max);
  const cells = kept.map((l) =>
    l.values.map((v, i) => (l.differs?.includes(c.columns[i]!) ? `«${cellText(v)}»` : cellText(v))),
  );
  const widths = c.columns.map((col, i) => Math.max(col.length, ...cells.map((r) => r[i]!.length)));
  const line = (mark: string, vals: string[]) =>
    `  ${mark} | ${vals.map((v, i) => v.padEnd(widths[i]!)).join(' | ')}`.trimEnd();
  const out = [line(' ', c.columns), `  --+-${widths.map((w) => '-'.repeat(w)).join('-+-')}`];
  kept.forEach((l, i) => out.push(line(l.kind, cells[i]!)));
  const more = c.lines.length - kept.length;
  if (more > 0) out.push(`  … and ${plural(more, 'more row')}`);
  return out.join('\n');
}
