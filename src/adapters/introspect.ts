import type { Adapter, Connection, Relation } from './types.js';
import { lit, rel, type ColumnDef, type RelationKind } from './postgres-dialect.js';

/** Anything that runs one statement: a session, or the adapter itself (catalog reads need no session of their own). */
export type Queryable = Pick<Connection, 'query'>;

export interface RelationInfo {
  kind: RelationKind;
  columns: ColumnDef[];
  /** The names of a table's indexes (absent when not read). */
  indexes?: string[];
}

/** A select-list item: the names of relation `c`'s indexes as a JSON array (text), NULL for a relation without any. */
export const INDEX_NAMES_SQL = `(select json_agg(i.relname::text order by i.relname)::text
       from pg_catalog.pg_index x join pg_catalog.pg_class i on i.oid = x.indexrelid where x.indrelid = c.oid) as indexes`;

/** The indexes column of a row read with INDEX_NAMES_SQL. */
export function indexNames(value: unknown): string[] {
  return value === null || value === undefined ? [] : (JSON.parse(String(value)) as string[]);
}

export interface DependentView {
  schema: string;
  name: string;
  kind: 'view' | 'materialized_view';
  /** pg_get_viewdef with every name schema-qualified. */
  definition: string;
  comment?: string;
  grants: { grantee: string; privilege: string }[];
  /** Longest path from the rebuilt relation: recreate in increasing depth. */
  depth: number;
}

export interface IncomingForeignKey {
  schema: string;
  table: string;
  name: string;
  definition: string;
}

/** What depends on a relation and must be recreated when it is swapped. */
export interface Dependents {
  views: DependentView[];
  foreignKeys: IncomingForeignKey[];
}

/** pg_class.relkind → the relation kinds tsmodel plans for. */
export const KINDS: Record<string, RelationKind> = {
  r: 'table',
  p: 'partitioned_table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign_table',
};

/** The relation's kind and columns, or undefined when it does not exist. */
export async function getRelation(conn: Queryable, r: Relation): Promise<RelationInfo | undefined> {
  const res = await conn.query(
    `select c.relkind::text as relkind, a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type,
       a.attnotnull as not_null, ${INDEX_NAMES_SQL}
     from pg_catalog.pg_class c
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = $1 and c.relname = $2 and c.relkind in ('r','p','v','m','f')
     order by a.attnum`,
    [r.schema, r.identifier],
  );
  if (res.rows.length === 0) return undefined;
  const kind = KINDS[String(res.rows[0]!.relkind)]!;
  const columns = res.rows
    .filter((row) => row.name !== null)
    .map((row) => ({ name: String(row.name), type: String(row.type), notNull: Boolean(row.not_null) }));
  return { kind, columns, indexes: indexNames(res.rows[0]!.indexes) };
}

/** Every relation in the given schemas, as "schema.name" → kind (one query, for compile-time checks). */
export async function listRelations(conn: Queryable, schemas: readonly string[]): Promise<Map<string, RelationKind>> {
  const out = new Map<string, RelationKind>();
  if (schemas.length === 0) return out;
  const res = await conn.query(
    `select n.nspname::text as schema, c.relname::text as name, c.relkind::text as relkind
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1::text[]) and c.relkind in ('r','p','v','m','f')`,
    [schemas],
  );
  for (const row of res.rows) out.set(`${row.schema}.${row.name}`, KINDS[String(row.relkind)]!);
  return out;
}

/** Views and materialized views built on the relation `target` (a quoted literal), transitively: deps(oid, depth). */
function dependentViewsCte(target: string): string {
  return `with recursive deps(oid, depth) as (
         select distinct rw.ev_class, 1
         from pg_depend d join pg_rewrite rw on rw.oid = d.objid
         where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
           and d.refobjid = to_regclass(${target}) and rw.ev_class <> d.refobjid
         union all
         select rw.ev_class, deps.depth + 1
         from deps join pg_depend d on d.refobjid = deps.oid and d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
         join pg_rewrite rw on rw.oid = d.objid
         where rw.ev_class <> deps.oid and deps.depth < 100
       )`;
}

/** Tables with a foreign key onto the relation `target` (a quoted literal). */
function incomingForeignKeysFrom(target: string): string {
  return `from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
       where con.contype = 'f' and con.confrelid = to_regclass(${target}) and con.conrelid <> con.confrelid and con.conparentid = 0`;
}

/**
 * The names ("schema.name") of what getDependents would return: views built
 * on the relation and tables with foreign keys onto it. Reads the catalogs
 * only, so, unlike getDependents, it never waits for a lock on a relation.
 */
export async function dependentNames(conn: Queryable, r: Relation): Promise<string[]> {
  const target = lit(rel(r));
  const res = await conn.query(
    `${dependentViewsCte(target)}
     select distinct n.nspname::text || '.' || c.relname::text as name
     from deps join pg_class c on c.oid = deps.oid join pg_namespace n on n.oid = c.relnamespace
     union
     select n.nspname::text || '.' || c.relname::text ${incomingForeignKeysFrom(target)}`,
  );
  return res.rows.map((row) => String(row.name)).sort();
}

/**
 * Views and materialized views built on the relation (transitively), and
 * foreign keys of other tables pointing at it. Definitions are read with an
 * empty search_path so that every name in them is schema-qualified.
 * (pg_get_viewdef locks the relations a view reads: see dependentNames.)
 */
export async function getDependents(adapter: Adapter, r: Relation): Promise<Dependents> {
  return adapter.transaction(async (conn) => {
    await conn.query('set local search_path = pg_catalog');
    const target = lit(rel(r));
    const views = await conn.query(
      `${dependentViewsCte(target)}
       select n.nspname::text as schema, c.relname::text as name, c.relkind::text as relkind, max(deps.depth) as depth,
              pg_get_viewdef(c.oid) as definition, obj_description(c.oid, 'pg_class') as comment,
              coalesce((select json_agg(json_build_object(
                          'grantee', case when g.grantee = 0 then 'public' else pg_get_userbyid(g.grantee) end,
                          'privilege', g.privilege_type))
                        from aclexplode(c.relacl) g where g.grantee <> c.relowner), '[]'::json)::text as grants
       from deps join pg_class c on c.oid = deps.oid join pg_namespace n on n.oid = c.relnamespace
       group by c.oid, n.nspname, c.relname, c.relkind
       order by max(deps.depth), n.nspname, c.relname`,
    );
    const fks = await conn.query(
      `select n.nspname::text as schema, c.relname::text as "table", con.conname::text as name, pg_get_constraintdef(con.oid) as definition
       ${incomingForeignKeysFrom(target)}
       order by n.nspname, c.relname, con.conname`,
    );
    return {
      views: views.rows.map((row) => ({
        schema: String(row.schema),
        name: String(row.name),
        kind: row.relkind === 'm' ? ('materialized_view' as const) : ('view' as const),
        definition: String(row.definition),
        comment: row.comment === null ? undefined : String(row.comment),
        grants: JSON.parse(String(row.grants)) as { grantee: string; privilege: string }[],
        depth: Number(row.depth),
      })),
      foreignKeys: fks.rows.map((row) => ({
        schema: String(row.schema),
        table: String(row.table),
        name: String(row.name),
        definition: String(row.definition),
      })),
    };
  });
}

/** The columns (names and exact types) a query returns, without running it. */
export async function describeQuery(adapter: Adapter, sql: string): Promise<ColumnDef[]> {
  return adapter.withConnection(async (conn) => {
    const name = `tsmodel_describe_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    await conn.query(`create temporary view "${name}" as (\n${sql}\n)`);
    try {
      const res = await conn.query(
        `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type
         from pg_attribute a where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [`pg_temp."${name}"`],
      );
      return res.rows.map((row) => ({ name: String(row.name), type: String(row.type) }));
    } finally {
      await conn.query(`drop view if exists pg_temp."${name}"`);
    }
  });
}
