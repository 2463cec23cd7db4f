function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date)
    return v
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '')
      .replace(/ 00:00:00$/, '');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Rows as a plain text table with a header, numbers right-aligned. */
export function formatTable(columns: string[], rows: Record<string, unknown>[]): string {
  const texts = rows.map((r) => columns.map((c) => cell(r[c])));
  const numeric = columns.map(
    (c) =>
      rows.length > 0 &&
      rows.every(
        (r) =>
          r[c] === null || typeof r[c] === 'number' || typeof r[c] === 'bigint' || /^-?\d+(\.\d+)?$/.test(cell(r[c])),
      ),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...texts.map((t) => t[i]!.length)));
  const fmt = (vals: string[], header = false) =>
    `| ${vals.map((v, i) => (numeric[i] && !header ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return (
    [fmt(columns, true), rule, ...texts.map((t) => fmt(t))].join('\n') +
    `\n(${rows.length} row${rows.length === 1 ? '' : 's'})`
  );
}
