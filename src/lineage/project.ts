import { analyzeSql } from './analyze.js';
import type { LineageMemo } from './memo.js';
import type { KnownRelation, NodeLineage, RelationResolver } from './types.js';

/** Where a node's column list came from: its own SQL, or (for seeds, sources, unanalysable SQL) a declaration. */
export type ColumnsFrom = 'sql' | 'contract' | 'catalog' | 'yaml' | 'seed' | 'none';

/** One node as the project-wide analysis needs it. */
export interface LineageNodeInput {
  id: string;
  /** Where it lives; ephemeral models have none (they are inlined as CTEs). */
  relation?: { database?: string; schema: string; identifier: string };
  /** Compiled SQL (models, snapshots, analyses); undefined for seeds and sources. */
  sql?: string;
  /** Why there is no SQL for a node that has code (it did not compile). */
  sqlError?: string;
  /** Columns known without reading SQL, the most trustworthy first (contract, catalog, YAML, seed header). */
  declared?: { columns: string[]; from: Exclude<ColumnsFrom, 'sql' | 'none'> };
  /** Columns the materialization adds to the query's (a snapshot's meta columns): no upstream column. */
  extraColumns?: readonly string[];
}

export interface NodeLineageEntry extends NodeLineage {
  columnsFrom: ColumnsFrom;
}

export interface ProjectLineage {
  nodes: Record<string, NodeLineageEntry>;
}

function key(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined).join('\u0000');
}

/**
 * The column lineage of a whole project. `nodes` must be in dependency order (parents first), so that
 * a model's columns are known from its own SQL before its children read them. With `memo`, a query whose SQL
 * and inputs (the relations it reads, as resolved) are those of a kept analysis is not analysed again.
 */
export function projectLineage(nodes: readonly LineageNodeInput[], memo?: LineageMemo): ProjectLineage {
  const out: Record<string, NodeLineageEntry> = {};
  const byRelation = new Map<string, KnownRelation>();
  const byIdentifier = new Map<string, KnownRelation | null>();
  const resolver: RelationResolver = ({ catalog, schema, name }) => {
    if (schema === undefined) return byIdentifier.get(name) ?? undefined;
    // A database-qualified name matches a relation whose database is not recorded (the target's own).
    return (
      (catalog !== undefined ? byRelation.get(key(catalog, schema, name)) : undefined) ??
      byRelation.get(key(schema, name))
    );
  };
  for (const node of nodes) {
    const entry = lineageOf(node, resolver, memo);
    out[node.id] = entry;
    if (!node.relation) continue;
    const known: KnownRelation = {
      node: node.id,
      columns: entry.columnsFrom === 'none' ? undefined : entry.columns.map((c) => c.name),
    };
    const { database, schema, identifier } = node.relation;
    byRelation.set(key(schema, identifier), known);
    if (database !== undefined) byRelation.set(key(database, schema, identifier), known);
    // An unqualified name is found only when one relation of the project has it (no search_path guessing).
    byIdentifier.set(identifier, byIdentifier.has(identifier) ? null : known);
  }
  return { nodes: out };
}

function lineageOf(node: LineageNodeInput, resolver: RelationResolver, memo?: LineageMemo): NodeLineageEntry {
  const declared = (): NodeLineageEntry =>
    node.declared
      ? { columns: node.declared.columns.map((name) => ({ name, upstream: [] })), columnsFrom: node.declared.from }
      : { columns: [], columnsFrom: 'none' };
  if (node.sql === undefined)
    return node.sqlError === undefined ? declared() : { ...declared(), unknown: [node.sqlError] };
  const analysed = memo ? memo.analyze(node.sql, resolver) : analyzeSql(node.sql, resolver);
  if (analysed.columns.length > 0 && analysed.unknown === undefined) {
    const have = new Set(analysed.columns.map((c) => c.name));
    const extra = (node.extraColumns ?? []).filter((c) => !have.has(c)).map((name) => ({ name, upstream: [] }));
    return { columns: [...analysed.columns, ...extra], columnsFrom: 'sql' };
  }
  // The SQL's own columns are incomplete: its children see the declared ones, if any.
  if (analysed.columns.length === 0) return { ...declared(), unknown: analysed.unknown };
  // Partly known (`select *` over a relation of unknown columns): children find any column by name.
  return { ...analysed, columnsFrom: 'none' };
}
