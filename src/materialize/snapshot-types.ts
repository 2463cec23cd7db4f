import type { ColumnDef } from '../adapters/postgres-dialect.js';

/**
 * Whether PostgreSQL can compare a snapshot table's column with its query's column of the same name: the
 * snapshot joins them on the key and compares the tracked columns (`=`, `>`, `is distinct from`), which
 * needs an operator for the two types. Types of one family (numbers, strings, dates and times) compare with
 * each other; any other type only with itself (an array with an array of the same element type).
 */
const FAMILIES: [string, RegExp][] = [
  ['number', /^(smallint|integer|bigint|numeric|decimal|real|double precision|oid)\b/],
  ['string', /^(text|character varying|varchar|character|char|bpchar|name|citext|"char")\b/],
  ['timestamp', /^(timestamp|date)\b/],
  ['time', /^time\b(?!stamp)/],
];

function family(type: string): string {
  const t = type.trim().toLowerCase();
  const array = t.endsWith('[]') ? '[]' : '';
  const base = array ? t.slice(0, -2) : t;
  const hit = FAMILIES.find(([, re]) => re.test(base));
  return (hit ? hit[0] : base.replace(/\(.*\)/, '').trim()) + array;
}

export interface TypeClash {
  column: string;
  tableType: string;
  queryType: string;
}

/** The first of `columns` whose type in the table (`existing`) and in the query (`source`) do not compare. */
export function typeClash(
  columns: readonly string[],
  existing: readonly ColumnDef[],
  source: readonly ColumnDef[],
): TypeClash | undefined {
  for (const column of columns) {
    const tableType = existing.find((c) => c.name === column)?.type;
    const queryType = source.find((c) => c.name === column)?.type;
    if (tableType === undefined || queryType === undefined) continue;
    if (family(tableType) !== family(queryType)) return { column, tableType, queryType };
  }
  return undefined;
}
