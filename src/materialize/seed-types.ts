import type { ColumnDef } from '../adapters/postgres-dialect.js';

const PATTERNS: [string, RegExp][] = [
  ['integer', /^[-+]?\d{1,9}$/],
  ['bigint', /^[-+]?\d{1,18}$/],
  ['numeric', /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['timestamp', /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/],
  ['timestamptz', /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/],
  ['boolean', /^(true|false|t|f|yes|no)$/i],
];

function validDate(v: string): boolean {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number);
  const dt = new Date(Date.UTC(y!, m! - 1, d!));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m! - 1 && dt.getUTCDate() === d;
}

/**
 * The narrowest type every non-empty sampled value fits: integer, bigint,
 * numeric, date, timestamp, timestamptz, boolean, else text. A column with no
 * values at all is text.
 */
export function inferType(values: readonly string[], nullString = ''): string {
  const present = values.filter((v) => v !== nullString);
  if (present.length === 0) return 'text';
  for (const [type, re] of PATTERNS) {
    if (
      present.every(
        (v) => re.test(v) && (type.startsWith('date') || type.startsWith('timestamp') ? validDate(v) : true),
      )
    )
      return type;
  }
  return 'text';
}

/** Column names and types for a seed: configured column_types win, the rest are inferred from the sample. */
export function seedColumns(
  header: readonly string[],
  rows: readonly string[][],
  columnTypes: Record<string, unknown>,
  nullString: string,
): ColumnDef[] {
  return header.map((name, i) => {
    const configured = columnTypes[name];
    if (configured !== undefined && configured !== null) return { name, type: String(configured) };
    return {
      name,
      type: inferType(
        rows.map((r) => r[i] ?? nullString),
        nullString,
      ),
    };
  });
}

/** A seed's `quote_columns` config: false (or 'false') means its header names are unquoted identifiers. */
export function quotesColumns(config: Record<string, unknown>): boolean {
  const v = config.quote_columns;
  return !(v === false || v === 'false');
}

/** A name PostgreSQL accepts unquoted: a letter or underscore, then letters, digits, underscores or $. */
const PLAIN_IDENTIFIER = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*$/;

/**
 * A header name as PostgreSQL reads it unquoted: ASCII letters folded to lower
 * case (other characters kept, as PostgreSQL does in UTF-8); undefined when it
 * is not a plain identifier (a space, a leading digit…), which would need quotes.
 */
export function foldUnquoted(name: string): string | undefined {
  if (!PLAIN_IDENTIFIER.test(name)) return undefined;
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
