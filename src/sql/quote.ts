/**
 * The one place identifiers and string literals are quoted for PostgreSQL (and so Citus and PGlite).
 * A leaf module with no imports, so every layer — the dialect, templates' relations, data-test
 * queries, materializations — can use it without pulling in the adapters.
 */

/** Double-quotes an identifier, doubling embedded quotes: my "col" → "my ""col""". */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Single-quotes a string literal, doubling embedded quotes. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A schema-qualified relation name, both parts quoted. */
export function quoteRelation(r: { readonly schema: string; readonly identifier: string }): string {
  return `${quoteIdent(r.schema)}.${quoteIdent(r.identifier)}`;
}
