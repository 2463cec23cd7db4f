import { createHash } from 'node:crypto';
import type { ProjectNode } from '../parse/types.js';
import { distributionKeys, type DialectCheck, type NodeToCheck } from './distribution.js';
import { quoteIdent, quoteLiteral, quoteRelation } from '../sql/quote.js';
import type { Relation } from './types.js';

/** Kinds of relation PostgreSQL has that materializations care about. */
export type RelationKind = 'table' | 'partitioned_table' | 'view' | 'materialized_view' | 'foreign_table';

export interface ColumnDef {
  name: string;
  type: string;
  notNull?: boolean;
  /** A default expression, e.g. now(). */
  default?: string;
}

export interface IndexDef {
  columns: string[];
  unique?: boolean;
  type?: string;
}

/** One statement of a build and what it is for (materialize's Step fits). */
export interface BuildStep {
  sql: string;
  label: string;
  /** Its row count is the node's "rows affected". */
  countsRows?: boolean;
}

/** What a table build needs (see tableBuild in materialize/table.ts). */
export interface TableBuildSpec {
  /** The model: its config carries a flavour's settings (Citus: distributed_by, reference, …). */
  node: ProjectNode;
  target: Relation;
  sql: string;
  /** Range partitioning, staged through the temporary table `stage`. */
  partition?: { field: string; granularity: 'day' | 'month' | 'year'; stage: string };
  /** An enforced contract's columns (not with partitioning). */
  columns?: readonly ColumnDef[];
}

export { MAX_IDENT, clipBytes } from '../sql/identifiers.js';
import { MAX_IDENT, clipBytes } from '../sql/identifiers.js';

/** Short names for the quoting helpers of quote.ts, used throughout the dialects. */
export const q: (name: string) => string = quoteIdent;
export const lit: (value: string) => string = quoteLiteral;
export const rel: (r: Relation) => string = quoteRelation;

/**
 * A name within PostgreSQL's 63-byte limit (bytes, not characters): long
 * names keep a readable prefix and a hash of the whole name, so two long
 * names that share their first 54 bytes (a temporary "new" and "old" name)
 * still differ, and PostgreSQL never has to cut one.
 */
export function fitName(name: string, maxBytes: number = MAX_IDENT): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const hash = createHash('md5').update(name).digest('hex').slice(0, 8);
  return `${clipBytes(name, maxBytes - 9)}_${hash}`;
}

/**
 * The start of a table's partition names, leaving 9 bytes for the period
 * (YYYYMMDD) or "default". A long table name keeps its hash, so two tables
 * whose names share their first 54 bytes still get different partitions.
 */
function partitionPrefix(identifier: string): string {
  return fitName(`${identifier}_p`, MAX_IDENT - 9);
}

function kindWord(kind: RelationKind): string {
  switch (kind) {
    case 'view':
      return 'view';
    case 'materialized_view':
      return 'materialized view';
    case 'foreign_table':
      return 'foreign table';
    default:
      return 'table';
  }
}

/**
 * The PostgreSQL dialect: every DDL and DML string the engine runs is built
 * here. A flavour (Citus) overrides what differs; the engine never writes
 * SQL text itself.
 */
export class PostgresDialect {
  readonly name: string = 'postgres';

  createSchema(schema: string): string {
    return `create schema if not exists ${q(schema)}`;
  }
  createTableAs(
    target: Relation,
    sql: string,
    opts: { temporary?: boolean; onCommitDrop?: boolean; unlogged?: boolean } = {},
  ): string {
    if (opts.temporary)
      return `create temporary table ${q(target.identifier)}${opts.onCommitDrop ? ' on commit drop' : ''} as (\n${sql}\n)`;
    return `create ${opts.unlogged ? 'unlogged ' : ''}table ${rel(target)} as (\n${sql}\n)`;
  }
  createTable(target: Relation, columns: readonly ColumnDef[]): string {
    const cols = columns
      .map((c) => `  ${q(c.name)} ${c.type}${c.notNull ? ' not null' : ''}${c.default ? ` default ${c.default}` : ''}`)
      .join(',\n');
    return `create table ${rel(target)} (\n${cols}\n)`;
  }
  /** A range-partitioned table with the columns (and types) of a staged temporary table. */
  createPartitionedLike(target: Relation, likeTemp: string, field: string): string {
    return `create table ${rel(target)} (like ${q(likeTemp)}) partition by range (${q(field)})`;
  }
  /**
   * Creates one partition per day/month/year between the staged data's
   * lowest and highest value of the field, plus a default partition (NULLs
   * and anything outside). Runs inside the database (a DO block), so it needs
   * no round trip to learn the range.
   */
  createPartitions(target: Relation, stagedTemp: string, field: string, granularity: 'day' | 'month' | 'year'): string {
    const fmt = granularity === 'day' ? 'YYYYMMDD' : granularity === 'month' ? 'YYYYMM' : 'YYYY';
    const prefix = partitionPrefix(target.identifier);
    const trunc = (agg: string) => `date_trunc(${lit(granularity)}, ${agg}(${q(field)})::timestamp)`;
    const [schema, table, fallback] = [lit(target.schema), lit(target.identifier), lit(prefix + 'default')];
    // use_column: a partition field named like a variable (d, lo, hi) is the column, not an ambiguity error.
    return `do $tsmodel$
#variable_conflict use_column
declare
  lo timestamp; hi timestamp; d timestamp;
begin
  select ${trunc('min')}, ${trunc('max')} into lo, hi from ${q(stagedTemp)};
  if lo is not null then
    d := lo;
    while d <= hi loop
      execute format('create table %I.%I partition of %I.%I for values from (%L) to (%L)',
        ${lit(target.schema)}, ${lit(prefix)} || to_char(d, ${lit(fmt)}), ${lit(target.schema)}, ${lit(target.identifier)},
        d, d + interval ${lit(`1 ${granularity}`)});
      d := d + interval ${lit(`1 ${granularity}`)};
    end loop;
  end if;
  execute format('create table %I.%I partition of %I.%I default', ${schema}, ${fallback}, ${schema}, ${table});
end
$tsmodel$`;
  }
  /** Renames every partition of a table whose name starts with fromPrefix, after a swap. */
  renamePartitions(target: Relation, fromIdentifier: string): string {
    const from = partitionPrefix(fromIdentifier);
    const to = partitionPrefix(target.identifier);
    const [schema, start] = [lit(target.schema), [...from].length + 1];
    return `do $tsmodel$
declare r record;
begin
  for r in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
           where i.inhparent = ${lit(rel(target))}::regclass and starts_with(c.relname, ${lit(from)}) loop
    execute format('alter table %I.%I rename to %I', ${schema}, r.relname, ${lit(to)} || substr(r.relname, ${start}));
  end loop;
end
$tsmodel$`;
  }
  /**
   * The statements that create `target` filled with the query's rows: a
   * plain CREATE TABLE AS, a partitioned table loaded from a staged copy, or
   * a table with its contract's columns. A flavour adds its own (Citus:
   * distribution); PostgreSQL ignores the node's distribution settings.
   */
  tableBuildSteps(spec: TableBuildSpec): BuildStep[] {
    const { target, sql, partition: part } = spec;
    if (part) {
      return [
        {
          sql: this.createTableAs({ schema: '', identifier: part.stage }, sql, { temporary: true, onCommitDrop: true }),
          label: 'stage the query result',
        },
        {
          sql: this.createPartitionedLike(target, part.stage, part.field),
          label: `create table partitioned by range (${part.field})`,
        },
        {
          sql: this.createPartitions(target, part.stage, part.field, part.granularity),
          label: `create ${part.granularity} partitions`,
        },
        { sql: this.insertAllFromTemp(target, part.stage), label: 'load partitions', countsRows: true },
      ];
    }
    if (spec.columns) {
      return [
        { sql: this.createTable(target, spec.columns), label: 'create table with its contract' },
        {
          sql: this.insertSelect(
            target,
            spec.columns.map((c) => c.name),
            sql,
          ),
          label: 'insert rows',
          countsRows: true,
        },
      ];
    }
    return [{ sql: this.createTableAs(target, sql), label: 'create table as', countsRows: true }];
  }
  /** Statements to run right after a materialization created `target` itself (snapshots): none here. */
  afterCreateTable(_node: ProjectNode, _target: Relation): string[] {
    return [];
  }
  /** Whether a snapshot copies its query into a temporary table before comparing (no: it reads it in place). */
  readonly stagesSnapshotSource: boolean = false;
  /** A staged temporary table as the FROM item of an UPDATE … FROM. */
  stagedSource(temp: string): string {
    return q(temp);
  }
  /**
   * Checks the nodes of a run against what this engine can build, before
   * anything runs. PostgreSQL (and PGlite) only note the Citus settings they ignore.
   */
  checkModels(nodes: readonly NodeToCheck[]): DialectCheck {
    const withDistribution = nodes.filter((n) => distributionKeys(n.node.config).length > 0).map((n) => n.node.name);
    if (withDistribution.length === 0) return { errors: [], notes: [] };
    const shown =
      withDistribution.length > 5 ? `${withDistribution.slice(0, 5).join(', ')}, …` : withDistribution.join(', ');
    return {
      errors: [],
      notes: [
        'Citus settings (distributed_by, colocate_with, shard_count, reference) of ' +
          `${withDistribution.length} node${withDistribution.length === 1 ? '' : 's'} are ignored: ` +
          `they apply to citus targets only (${shown})`,
      ],
    };
  }
  createView(target: Relation, sql: string): string {
    return `create view ${rel(target)} as (\n${sql}\n)`;
  }
  createMaterializedView(target: Relation, sql: string): string {
    return `create materialized view ${rel(target)} as (\n${sql}\n)`;
  }
  insertSelect(target: Relation, columns: readonly string[], sql: string): string {
    const cols = columns.map(q).join(', ');
    return `insert into ${rel(target)} (${cols})\nselect ${cols} from (\n${sql}\n) as tsmodel_subquery`;
  }
  insertFromTemp(target: Relation, temp: string, columns: readonly string[]): string {
    const cols = columns.map(q).join(', ');
    return `insert into ${rel(target)} (${cols})\nselect ${cols} from ${q(temp)}`;
  }
  insertAllFromTemp(target: Relation, temp: string): string {
    return `insert into ${rel(target)} select * from ${q(temp)}`;
  }
  deleteMatching(target: Relation, temp: string, keys: readonly string[]): string {
    const on = keys.map((k) => `${rel(target)}.${q(k)} = ${q(temp)}.${q(k)}`).join(' and ');
    return `delete from ${rel(target)} using ${q(temp)} where ${on}`;
  }
  merge(
    target: Relation,
    temp: string,
    keys: readonly string[],
    columns: readonly string[],
    updateColumns: readonly string[],
  ): string {
    const on = keys.map((k) => `t.${q(k)} = s.${q(k)}`).join(' and ');
    const set = updateColumns.map((c) => `${q(c)} = s.${q(c)}`).join(', ');
    const cols = columns.map(q).join(', ');
    const vals = columns.map((c) => `s.${q(c)}`).join(', ');
    const matched = set ? `\nwhen matched then update set ${set}` : '';
    return (
      `merge into ${rel(target)} as t\nusing ${q(temp)} as s\non ${on}${matched}\n` +
      `when not matched then insert (${cols}) values (${vals})`
    );
  }
  addColumn(target: Relation, col: ColumnDef): string {
    return `alter table ${rel(target)} add column ${q(col.name)} ${col.type}`;
  }
  dropColumn(target: Relation, name: string): string {
    return `alter table ${rel(target)} drop column ${q(name)}`;
  }
  alterColumnType(target: Relation, col: ColumnDef): string {
    return `alter table ${rel(target)} alter column ${q(col.name)} type ${col.type} using ${q(col.name)}::${col.type}`;
  }
  rename(target: Relation, kind: RelationKind, newIdentifier: string): string {
    return `alter ${kindWord(kind)} ${rel(target)} rename to ${q(newIdentifier)}`;
  }
  drop(target: Relation, kind: RelationKind, opts: { cascade?: boolean; ifExists?: boolean } = {}): string {
    return `drop ${kindWord(kind)}${opts.ifExists ? ' if exists' : ''} ${rel(target)}${opts.cascade ? ' cascade' : ''}`;
  }
  setNotNull(target: Relation, column: string): string {
    return `alter table ${rel(target)} alter column ${q(column)} set not null`;
  }
  dropConstraint(target: Relation, name: string): string {
    return `alter table ${rel(target)} drop constraint if exists ${q(name)}`;
  }
  addConstraint(target: Relation, name: string, definition: string): string {
    return `alter table ${rel(target)} add constraint ${q(name)} ${definition}`;
  }
  createIndex(target: Relation, name: string, index: IndexDef): string {
    const using = index.type ? ` using ${index.type}` : '';
    return `create ${index.unique ? 'unique ' : ''}index ${q(name)} on ${rel(target)}${using} (${index.columns.map(q).join(', ')})`;
  }
  indexName(target: Relation, index: IndexDef): string {
    // A non-btree type is part of the name: a hash and a btree index on the same columns must not collide.
    const type = index.type && index.type.toLowerCase() !== 'btree' ? `_${index.type.toLowerCase()}` : '';
    return fitName(`${target.identifier}_${index.columns.join('_')}${type}_${index.unique ? 'uidx' : 'idx'}`);
  }
  cluster(target: Relation, indexName: string): string {
    return `cluster ${rel(target)} using ${q(indexName)}`;
  }
  /**
   * CLUSTER each partition of a partitioned table on its copy of the parent's
   * index (PostgreSQL can't cluster the partitioned table itself).
   */
  clusterPartitions(target: Relation, parentIndex: string): string {
    return `do $tsmodel$
declare r record;
begin
  for r in select pc.relname as part, ic.relname as idx
           from pg_inherits i
           join pg_class ic on ic.oid = i.inhrelid
           join pg_index x on x.indexrelid = ic.oid
           join pg_class pc on pc.oid = x.indrelid
           where i.inhparent = to_regclass(${lit(`${q(target.schema)}.${q(parentIndex)}`)}) loop
    execute format('cluster %I.%I using %I', ${lit(target.schema)}, r.part, r.idx);
  end loop;
end
$tsmodel$`;
  }
  analyze(target: Relation): string {
    return `analyze ${rel(target)}`;
  }
  commentOnRelation(target: Relation, kind: RelationKind, text: string): string {
    return `comment on ${kindWord(kind)} ${rel(target)} is ${lit(text)}`;
  }
  commentOnColumn(target: Relation, column: string, text: string): string {
    return `comment on column ${rel(target)}.${q(column)} is ${lit(text)}`;
  }
  grant(target: Relation, privilege: string, grantee: string): string {
    return `grant ${privilege} on ${rel(target)} to ${grantee === 'public' || grantee === 'PUBLIC' ? 'public' : q(grantee)}`;
  }
  /** Re-creates a dependent view from its saved definition (captured with schema-qualified names). */
  recreateView(schema: string, name: string, kind: 'view' | 'materialized_view', definition: string): string {
    const body = definition.trim().replace(/;\s*$/, '');
    return `create ${kind === 'view' ? 'view' : 'materialized view'} ${q(schema)}.${q(name)} as\n${body}`;
  }
  /** COPY from the client, CSV format (PGlite's adapter reads it from a blob instead). */
  copyCsv(
    target: Relation,
    columns: readonly string[],
    fmt: { delimiter: string; quote: string; null: string; header: boolean },
  ): string {
    return (
      `copy ${rel(target)} (${columns.map(q).join(', ')}) from stdin with (format csv, header ` +
      `${fmt.header ? 'true' : 'false'}, delimiter ${lit(fmt.delimiter)}, quote ${lit(fmt.quote)}, ` +
      `null ${lit(fmt.null)})`
    );
  }
  truncate(target: Relation): string {
    return `truncate table ${rel(target)}`;
  }
  /** One row of named figures, each a scalar subquery (a model's audit queries). */
  auditQuery(entries: readonly (readonly [string, string])[]): string {
    return `select ${entries.map(([name, sql]) => `(${sql.trim().replace(/;\s*$/, '')}) as ${q(name)}`).join(',\n       ')}`;
  }
  /** Rows and NULLs per column, for the seed monitoring figures. */
  nullCounts(target: Relation, columns: readonly string[]): string {
    const parts = columns.map((c, i) => `count(*) - count(${q(c)}) as ${q(`n${i}`)}`);
    return `select count(*) as "rows"${parts.length ? `, ${parts.join(', ')}` : ''} from ${rel(target)}`;
  }
  refreshMaterializedView(target: Relation): string {
    return `refresh materialized view ${rel(target)}`;
  }
}
