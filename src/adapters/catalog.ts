import { quoteLiteral } from '../sql/quote.js';
import {
  indexNames,
  KINDS,
  type Dependents,
  type DependentView,
  type IncomingForeignKey,
  type RelationInfo,
} from './introspect.js';
import type { Adapter, Connection, QueryResult, Relation } from './types.js';

/**
 * What the database holds for a set of schemas, read at once (issue 20's "state first"): every relation with its
 * kind and columns, and what depends on each (views and materialized views, transitively, wherever they live;
 * foreign keys of other tables). Plans are made from it without further catalog queries.
 */
export interface CatalogSnapshot {
  relations: Map<string, RelationInfo>;
  /** What depends on the relation "schema.name" (empty when nothing does). */
  dependentsOf(r: Relation): Dependents;
}

const key = (schema: string, name: string) => `${schema}.${name}`;

function schemaList(schemas: readonly string[]): string {
  return `array[${schemas.map(quoteLiteral).join(', ')}]::text[]`;
}

/**
 * True when the schemas hold any relation at all: the condition of the dependents' and foreign keys' queries, which
 * can find nothing otherwise. Uncorrelated, it is evaluated once before anything else (a one-time filter), so on a
 * first build, into empty schemas, PostgreSQL skips their scans of pg_depend and pg_constraint altogether.
 */
function anyRelationIn(schemas: readonly string[]): string {
  return `exists (select from pg_catalog.pg_class gc join pg_catalog.pg_namespace gn on gn.oid = gc.relnamespace
       where gn.nspname = any(${schemaList(schemas)}))`;
}

function relationsSql(schemas: readonly string[]): string {
  return `with ix as (
       select x.indrelid, json_agg(i.relname::text order by i.relname)::text as indexes
       from pg_catalog.pg_index x join pg_catalog.pg_class i on i.oid = x.indexrelid
       join pg_catalog.pg_namespace n on n.oid = i.relnamespace
       where n.nspname = any(${schemaList(schemas)}) group by x.indrelid)
     select n.nspname::text as schema, c.relname::text as rel, c.relkind::text as relkind,
       a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null, ix.indexes
     from pg_catalog.pg_class c
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     left join ix on ix.indrelid = c.oid
     left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = any(${schemaList(schemas)}) and c.relkind in ('r','p','v','m','f')
     order by n.nspname, c.relname, a.attnum`;
}

/** Every edge "relation → view built on it" reachable from the schemas' relations, with each view's definition. */
function viewEdgesSql(schemas: readonly string[]): string {
  const rewrite = `d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass`;
  return `with recursive edges(src, dst) as (
       select distinct d.refobjid, rw.ev_class
       from pg_depend d join pg_rewrite rw on rw.oid = d.objid
       join pg_class c on c.oid = d.refobjid join pg_namespace n on n.oid = c.relnamespace
       where ${rewrite} and rw.ev_class <> d.refobjid and n.nspname = any(${schemaList(schemas)})
       union
       select d.refobjid, rw.ev_class
       from edges e join pg_depend d on d.refobjid = e.dst and ${rewrite}
       join pg_rewrite rw on rw.oid = d.objid
       where rw.ev_class <> d.refobjid
     )
     select sn.nspname::text as src_schema, s.relname::text as src_name,
            n.nspname::text as schema, c.relname::text as name, c.relkind::text as relkind,
            pg_get_viewdef(c.oid) as definition, obj_description(c.oid, 'pg_class') as comment,
            coalesce((select json_agg(json_build_object('grantee', case when g.grantee = 0 then 'public'
                        else pg_get_userbyid(g.grantee) end, 'privilege', g.privilege_type))
                      from aclexplode(c.relacl) g where g.grantee <> c.relowner), '[]'::json)::text as grants
     from edges join pg_class s on s.oid = edges.src join pg_namespace sn on sn.oid = s.relnamespace
     join pg_class c on c.oid = edges.dst join pg_namespace n on n.oid = c.relnamespace
     where ${anyRelationIn(schemas)}
     order by 1, 2, 4, 3`;
}

function foreignKeysSql(schemas: readonly string[]): string {
  return `select tn.nspname::text as target_schema, t.relname::text as target_name,
            n.nspname::text as schema, c.relname::text as "table", con.conname::text as name,
            pg_get_constraintdef(con.oid) as definition
     from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
     join pg_class t on t.oid = con.confrelid join pg_namespace tn on tn.oid = t.relnamespace
     where con.contype = 'f' and con.conrelid <> con.confrelid and con.conparentid = 0
       and tn.nspname = any(${schemaList(schemas)}) and ${anyRelationIn(schemas)}
     order by n.nspname, c.relname, con.conname`;
}

/** The snapshot's statements, in one transaction: relations (result 1), view edges (3), foreign keys (4). */
export function catalogStatements(schemas: readonly string[]): string[] {
  return [
    'set local jit = off',
    relationsSql(schemas),
    'set local search_path = pg_catalog',
    viewEdgesSql(schemas),
    foreignKeysSql(schemas),
  ];
}

/**
 * Reads the snapshot in one transaction: one round trip where the connection batches. View definitions are
 * read with an empty search_path, so that every name in them is schema-qualified (as getDependents does).
 * JIT is off for these queries: on a catalog whose statistics lag behind many drops (a project rebuilt
 * often) their estimated cost passes jit_above_cost, and compiling them took longer (~100 ms) than running them.
 */
export async function readCatalog(adapter: Adapter, schemas: readonly string[]): Promise<CatalogSnapshot> {
  if (schemas.length === 0) return build([], [], []);
  const statements = catalogStatements(schemas);
  const results = await adapter.transaction(async (conn: Connection) => {
    if (conn.batch) return conn.batch(statements, { commit: true });
    const out: QueryResult[] = [];
    for (const sql of statements) out.push(await conn.query(sql));
    return out;
  });
  return build(results[1]!.rows, results[3]!.rows, results[4]!.rows);
}

type Row = Record<string, unknown>;

function build(relRows: Row[], edgeRows: Row[], fkRows: Row[]): CatalogSnapshot {
  const relations = new Map<string, RelationInfo>();
  for (const row of relRows) {
    const k = key(String(row.schema), String(row.rel));
    let info = relations.get(k);
    if (!info)
      relations.set(k, (info = { kind: KINDS[String(row.relkind)]!, columns: [], indexes: indexNames(row.indexes) }));
    if (row.name !== null)
      info.columns.push({ name: String(row.name), type: String(row.type), notNull: Boolean(row.not_null) });
  }
  const views = new Map<string, Omit<DependentView, 'depth'>>();
  const edges = new Map<string, string[]>();
  for (const row of edgeRows) {
    const v = key(String(row.schema), String(row.name));
    views.set(v, {
      schema: String(row.schema),
      name: String(row.name),
      kind: row.relkind === 'm' ? 'materialized_view' : 'view',
      definition: String(row.definition),
      comment: row.comment === null ? undefined : String(row.comment),
      grants: JSON.parse(String(row.grants)) as { grantee: string; privilege: string }[],
    });
    const src = key(String(row.src_schema), String(row.src_name));
    edges.set(src, [...(edges.get(src) ?? []), v]);
  }
  const fks = new Map<string, IncomingForeignKey[]>();
  for (const row of fkRows) {
    const target = key(String(row.target_schema), String(row.target_name));
    const fk = { schema: String(row.schema), table: String(row.table), name: String(row.name) };
    fks.set(target, [...(fks.get(target) ?? []), { ...fk, definition: String(row.definition) }]);
  }
  return {
    relations,
    dependentsOf: (r) => {
      const k = key(r.schema, r.identifier);
      return { views: transitiveViews(k, edges, views), foreignKeys: fks.get(k) ?? [] };
    },
  };
}

/** The views built on `root`, transitively, each at its longest path from it, ordered as getDependents orders them. */
function transitiveViews(
  root: string,
  edges: Map<string, string[]>,
  views: Map<string, Omit<DependentView, 'depth'>>,
): DependentView[] {
  const depth = new Map<string, number>();
  const visit = (from: string, d: number, path: Set<string>) => {
    for (const v of edges.get(from) ?? []) {
      if (path.has(v) || v === root || d > 100) continue;
      if ((depth.get(v) ?? 0) >= d) continue;
      depth.set(v, d);
      path.add(v);
      visit(v, d + 1, path);
      path.delete(v);
    }
  };
  visit(root, 1, new Set());
  return [...depth.entries()]
    .map(([k, d]) => ({ ...views.get(k)!, depth: d }))
    .sort((a, b) => a.depth - b.depth || cmp(a.schema, b.schema) || cmp(a.name, b.name));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
