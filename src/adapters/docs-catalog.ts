import { quoteLiteral } from '../sql/quote.js';
import type { Queryable } from './introspect.js';

/** One relation as `docs generate` describes it (catalog.json): what it is, who owns it, its columns, its size. */
export interface CatalogRelation {
  schema: string;
  name: string;
  /** BASE TABLE, VIEW, MATERIALIZED VIEW, … as dbt-postgres names them. */
  type: string;
  owner: string | null;
  comment: string | null;
  columns: { name: string; type: string; index: number; comment: string | null }[];
  /** pg_class.reltuples: -1 (PostgreSQL 14+) or 0 before the first ANALYZE; null for views. */
  rowEstimate: number | null;
  /** pg_total_relation_size; null for views. */
  bytes: number | null;
}

const TYPES: Record<string, string> = {
  r: 'BASE TABLE',
  p: 'BASE TABLE',
  v: 'VIEW',
  m: 'MATERIALIZED VIEW',
  f: 'FOREIGN TABLE',
};

function catalogSql(schemas: readonly string[]): string {
  const list = `array[${schemas.map(quoteLiteral).join(', ')}]::text[]`;
  return `select n.nspname::text as schema, c.relname::text as rel, c.relkind::text as relkind,
       pg_get_userbyid(c.relowner)::text as owner, obj_description(c.oid, 'pg_class') as rel_comment,
       case when c.relkind in ('r','p','m') then c.reltuples::float8 end as row_estimate,
       case when c.relkind in ('r','p','m') then pg_total_relation_size(c.oid)::float8 end as bytes,
       a.attnum::int as idx, a.attname::text as col, format_type(a.atttypid, a.atttypmod) as col_type,
       col_description(c.oid, a.attnum) as col_comment
     from pg_catalog.pg_class c
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = any(${list}) and c.relkind in ('r','p','v','m','f')
     order by n.nspname, c.relname, a.attnum`;
}

const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Every relation of the schemas with owner, comments, columns and size: one query, read-only. */
export async function readDocsCatalog(q: Queryable, schemas: readonly string[]): Promise<CatalogRelation[]> {
  if (schemas.length === 0) return [];
  const { rows } = await q.query(catalogSql(schemas));
  const out = new Map<string, CatalogRelation>();
  for (const row of rows) {
    const k = `${String(row.schema)}.${String(row.rel)}`;
    let r = out.get(k);
    if (!r)
      out.set(
        k,
        (r = {
          schema: String(row.schema),
          name: String(row.rel),
          type: TYPES[String(row.relkind)] ?? String(row.relkind),
          owner: strOrNull(row.owner),
          comment: strOrNull(row.rel_comment),
          columns: [],
          rowEstimate: numOrNull(row.row_estimate),
          bytes: numOrNull(row.bytes),
        }),
      );
    if (row.col !== null && row.col !== undefined)
      r.columns.push({
        name: String(row.col),
        type: String(row.col_type),
        index: Number(row.idx),
        comment: strOrNull(row.col_comment),
      });
  }
  return [...out.values()];
}
