import type { IndexDef, RelationKind } from '../adapters/postgres-dialect.js';
import { fitName } from '../adapters/postgres-dialect.js';
import { quoteIdent } from '../sql/quote.js';
import { TsmodelError } from '../errors/index.js';
import type { Relation } from '../parse/index.js';
import type { ConstraintDef, MaterializeInput, Step } from './types.js';

function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function indexesOf(input: MaterializeInput): IndexDef[] {
  const raw = input.node.config.indexes;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    throw configError(
      input,
      'indexes must be a list of {columns: [...], unique: bool, type: btree|hash|gin|gist|brin}',
    );
  return raw.map((ix) => {
    if (typeof ix !== 'object' || ix === null || !('columns' in ix))
      throw configError(input, 'each index needs columns: [...]');
    const o = ix as Record<string, unknown>;
    return {
      columns: asList(o.columns),
      unique: Boolean(o.unique),
      type: o.type === undefined ? undefined : String(o.type),
    };
  });
}

function configError(input: MaterializeInput, message: string): TsmodelError {
  return new TsmodelError('config', `${input.node.name}: ${message}`, {
    location: { file: input.node.patchPath ?? input.node.originalFilePath },
  });
}

function constraintSql(c: ConstraintDef): string {
  const cols = c.columns.map(quoteIdent).join(', ');
  switch (c.type) {
    case 'primary_key':
      return `primary key (${cols})`;
    case 'unique':
      return `unique (${cols})`;
    case 'check':
      return `check (${c.expression})`;
    case 'foreign_key': {
      const to = c.toColumns && c.toColumns.length > 0 ? ` (${c.toColumns.map((x) => `"${x}"`).join(', ')})` : '';
      return `foreign key (${cols}) references ${c.toRelation}${to}`;
    }
    default:
      return '';
  }
}

/** Constraint names are derived from the relation so they survive rebuilds unchanged. */
function constraintName(r: Relation, c: ConstraintDef): string {
  if (c.name) return c.name;
  const suffix = { primary_key: 'pkey', unique: 'key', check: 'check', foreign_key: 'fkey', not_null: 'nn' }[c.type];
  return fitName(`${r.identifier}_${c.columns.join('_')}_${suffix}`);
}

/** `name`, or name2, name3… when the plan already uses it (two unnamed model-level checks). */
function unusedName(name: string, used: Set<string>): string {
  let out = name;
  for (let i = 2; used.has(out); i++) out = fitName(`${name}${i}`);
  used.add(out);
  return out;
}

/**
 * What follows a build under the final name: constraints, indexes, CLUSTER,
 * comments (persist_docs) and grants. Tables only get constraints and indexes.
 */
export function finishSteps(input: MaterializeInput, r: Relation, kind: RelationKind): Step[] {
  const d = input.dialect;
  const steps: Step[] = [];
  const isTable = kind === 'table' || kind === 'partitioned_table';
  if (isTable) {
    const used = new Set<string>();
    for (const c of input.constraints) {
      if (c.type === 'not_null') {
        for (const col of c.columns) steps.push({ sql: d.setNotNull(r, col), label: `not_null constraint on ${col}` });
        continue;
      }
      const name = unusedName(constraintName(r, c), used);
      steps.push({ sql: d.addConstraint(r, name, constraintSql(c)), label: `${c.type} constraint ${name}` });
    }
  }
  if (isTable || kind === 'materialized_view') {
    const indexes = indexesOf(input);
    for (const ix of indexes)
      steps.push({ sql: d.createIndex(r, d.indexName(r, ix), ix), label: `index on (${ix.columns.join(', ')})` });
    const clusterCols = asList(input.node.config.cluster_by);
    if (clusterCols.length > 0) {
      const existing = indexes.find(
        (ix) => ix.columns.join(',') === clusterCols.join(',') && (ix.type ?? 'btree') === 'btree',
      );
      const ix: IndexDef = existing ?? { columns: clusterCols };
      const name = d.indexName(r, ix);
      if (!existing)
        steps.push({ sql: d.createIndex(r, name, ix), label: `index for cluster_by (${clusterCols.join(', ')})` });
      const sql = kind === 'partitioned_table' ? d.clusterPartitions(r, name) : d.cluster(r, name);
      steps.push({ sql, label: `cluster on (${clusterCols.join(', ')})` });
    }
  }
  steps.push(...docsSteps(input, r, kind));
  const grants = input.node.config.grants;
  if (grants && typeof grants === 'object') {
    for (const [privilege, grantees] of Object.entries(grants as Record<string, unknown>)) {
      for (const g of asList(grantees))
        steps.push({ sql: d.grant(r, privilege, g), label: `grant ${privilege} to ${g}` });
    }
  }
  return steps;
}

function docsSteps(input: MaterializeInput, r: Relation, kind: RelationKind): Step[] {
  const pd = input.node.config.persist_docs as { relation?: boolean; columns?: boolean } | undefined;
  if (!pd) return [];
  const d = input.dialect;
  const steps: Step[] = [];
  if (pd.relation && input.node.description)
    steps.push({ sql: d.commentOnRelation(r, kind, input.node.description), label: 'comment on relation' });
  if (pd.columns) {
    for (const col of Object.values(input.node.columns)) {
      if (col.description)
        steps.push({ sql: d.commentOnColumn(r, col.name, col.description), label: `comment on column ${col.name}` });
    }
  }
  return steps;
}
