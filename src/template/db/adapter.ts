import { quoteIdent, quoteLiteral } from '../../sql/quote.js';
import { bindArgs } from '../jinja/args.js';
import { tuple } from '../jinja/values.js';
import { RelationValue } from '../relation.js';
import { AgateTable } from './agate.js';
import { deferWrite } from './deferred-writes.js';
import { TemplateColumn } from './column.js';
import { AdapterResponse, type DbSession } from './session.js';

/**
 * The database methods of dbt's `adapter` object, on PostgreSQL's catalogs (as dbt-postgres reads them).
 * While parsing (`execute` false) they query nothing: no columns, no relations, no schemas.
 */

const KIND = `case c.relkind when 'v' then 'view' when 'm' then 'materialized_view' when 'f' then 'external'
  else 'table' end`;

function relationsSql(schema: string, identifier?: string): string {
  return `select n.nspname, c.relname, ${KIND}
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname = ${quoteLiteral(schema)}${
    identifier === undefined ? '' : ` and c.relname = ${quoteLiteral(identifier)}`
  }
order by c.relname`;
}

const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function asRelation(v: unknown): RelationValue | undefined {
  return v instanceof RelationValue ? v : undefined;
}

export function adapterFunctions(session: DbSession, targetType: string): Record<string, unknown> {
  const database = session.inputs.database;
  const rows = (sql: string): unknown[][] => (session.live ? session.run(sql).rows : []);
  const relations = (schema: string, identifier?: string): RelationValue[] =>
    rows(relationsSql(schema, identifier)).map(
      ([s, name, type]) => new RelationValue(String(s), String(name), database, undefined, String(type)),
    );
  const getRelation = (...args: unknown[]) => {
    const [, schema, identifier] = bindArgs('get_relation', ['database', 'schema', 'identifier'], args);
    return relations(String(schema), String(identifier))[0] ?? null;
  };
  const columnsOf = (rel: RelationValue | undefined): TemplateColumn[] => {
    if (!rel || rel.is_cte) return [];
    const sql = `select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
from information_schema.columns
where table_schema = ${quoteLiteral(rel.schema)} and table_name = ${quoteLiteral(rel.identifier)}
order by ordinal_position`;
    return rows(sql).map(([n, t, size, p, s]) => new TemplateColumn(String(n), String(t), size, p, s));
  };
  const schemaExists = (schema: string) =>
    rows(`select 1 from pg_catalog.pg_namespace where nspname = ${quoteLiteral(schema)}`).length > 0;
  const run = (sql: string): string => {
    if (session.live && !deferWrite(sql)) session.run(sql);
    return '';
  };
  return {
    quote: (name: unknown) => quoteIdent(String(name)),
    type: () => targetType,
    execute: (...args: unknown[]) => {
      const [sql, , fetch] = bindArgs('execute', ['sql', 'auto_begin', 'fetch', 'limit'], args);
      if (!session.live) return tuple([new AdapterResponse('', '', null), AgateTable.empty()]);
      return tuple(session.execute(String(sql), fetch === true));
    },
    get_columns_in_relation: (rel: unknown) => columnsOf(asRelation(rel)),
    get_relation: getRelation,
    load_relation: (rel: unknown) => loadRelation(asRelation(rel), getRelation),
    list_relations_without_caching: (rel: unknown) => {
      const r = asRelation(rel);
      return r ? relations(r.schema) : [];
    },
    list_schemas: () => rows('select nspname from pg_catalog.pg_namespace order by nspname').map((r) => String(r[0])),
    check_schema_exists: (...args: unknown[]) => {
      const [, schema] = bindArgs('check_schema_exists', ['database', 'schema'], args);
      return schemaExists(String(schema));
    },
    already_exists: (schema: unknown, name: unknown) => relations(String(schema), String(name)).length > 0,
    get_missing_columns: (from: unknown, to: unknown) => {
      const have = new Set(columnsOf(asRelation(to)).map((c) => c.name.toLowerCase()));
      return columnsOf(asRelation(from)).filter((c) => !have.has(c.name.toLowerCase()));
    },
    get_columns_in_query: (sql: unknown) =>
      session.live
        ? session.run(`select * from (\n${String(sql)}\n) as __dbt_sbq where false limit 0`).fields.map((f) => f.name)
        : [],
    expand_target_column_types: () => '',
    drop_relation: (rel: unknown) => {
      const r = asRelation(rel);
      if (!r || r.is_cte) return '';
      const kind = r.is_view ? 'view' : r.is_materialized_view ? 'materialized view' : 'table';
      return run(`drop ${kind} if exists ${r.render()} cascade`);
    },
    truncate_relation: (rel: unknown) => run(`truncate table ${String(rel)}`),
    rename_relation: (from: unknown, to: unknown) => {
      const f = asRelation(from);
      const t = asRelation(to);
      if (!f || !t) return '';
      const kind = f.is_view ? 'view' : f.is_materialized_view ? 'materialized view' : 'table';
      return run(`alter ${kind} ${f.render()} rename to ${quoteIdent(t.identifier)}`);
    },
    create_schema: (rel: unknown) => run(`create schema if not exists ${quoteIdent(asRelation(rel)?.schema ?? '')}`),
    drop_schema: (rel: unknown) => run(`drop schema if exists ${quoteIdent(asRelation(rel)?.schema ?? '')} cascade`),
  };
}

/** dbt's load_relation: the relation as the database has it (with its type), None if absent; a CTE as it is. */
function loadRelation(rel: RelationValue | undefined, get: (...a: unknown[]) => unknown): unknown {
  if (!rel) return null;
  if (rel.is_cte) return rel;
  return get(str(rel.database) ?? null, rel.schema, rel.identifier);
}

/** `api`: api.Relation.create(...) and api.Column (column.ts). */
export function relationApi(database: string | undefined): Record<string, unknown> {
  return {
    create: (...args: unknown[]) => {
      const [db, schema, identifier, type] = bindArgs('create', ['database', 'schema', 'identifier', 'type'], args);
      return new RelationValue(
        str(schema) ?? '',
        str(identifier) ?? '',
        str(db) ?? database,
        undefined,
        str(type) ?? null,
      );
    },
    add_ephemeral_prefix: (name: unknown) => `__dbt__cte__${String(name)}`,
  };
}
