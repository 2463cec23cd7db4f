import type { ColumnDef } from '../adapters/postgres-dialect.js';
import type { Cell, FixtureRow } from '../parse/unit-tests/types.js';

/** A double-quoted identifier. */
export function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A typed literal: cast('value' as type), NULL typed too. PostgreSQL parses the value while planning. */
export function typedLiteral(value: Cell, type: string): string {
  return value === null ? `cast(null as ${type})` : `cast('${value.replace(/'/g, "''")}' as ${type})`;
}

/** No rows, with the given columns and types. */
export function emptyRelationSql(columns: readonly ColumnDef[]): string {
  return `select ${columns.map((c) => `${typedLiteral(null, c.type)} as ${quote(c.name)}`).join(', ')} where false`;
}

/** The rows as typed literals; a column a row does not name is NULL. */
export function rowsSql(columns: readonly ColumnDef[], rows: readonly FixtureRow[]): string {
  if (rows.length === 0) return emptyRelationSql(columns);
  return rows
    .map(
      (r) =>
        `select ${columns.map((c) => `${typedLiteral(r.values[c.name] ?? null, c.type)} as ${quote(c.name)}`).join(', ')}`,
    )
    .join('\nunion all ');
}
