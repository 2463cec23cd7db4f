import type { ProjectNode } from '../parse/index.js';
import { DBT_SHAPE_VERSION, tsmodelEnv, type TsmodelMeta } from './dbt-shape.js';
import { TSMODEL_VERSION } from './manifest.js';

export const DBT_CATALOG_SCHEMA = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

/** A relation as the database described it (adapters/docs-catalog.ts reads these). */
export interface CatalogRelationInput {
  schema: string;
  name: string;
  type: string;
  owner: string | null;
  comment: string | null;
  columns: readonly { name: string; type: string; index: number; comment: string | null }[];
  rowEstimate: number | null;
  bytes: number | null;
}

type Stat = { id: string; label: string; value: unknown; include: boolean; description: string };

/** dbt-postgres reports only has_stats (false); we add the planner's row estimate and the size when known. */
function stats(r: CatalogRelationInput): Record<string, Stat> {
  const out: Record<string, Stat> = {};
  if (r.bytes !== null)
    out.num_bytes = {
      id: 'num_bytes',
      label: 'Approximate Size',
      value: r.bytes,
      include: true,
      description: 'Total size on disk, indexes and TOAST included (pg_total_relation_size)',
    };
  if (r.rowEstimate !== null && r.rowEstimate >= 0)
    out.num_rows = {
      id: 'num_rows',
      label: 'Approximate Row Count',
      value: r.rowEstimate,
      include: true,
      description: "The planner's estimate of the number of rows (pg_class.reltuples, as of the last ANALYZE)",
    };
  const has = Object.keys(out).length > 0;
  out.has_stats = {
    id: 'has_stats',
    label: 'Has Stats?',
    value: has,
    include: false,
    description: 'Indicates whether there are statistics for this table',
  };
  return out;
}

function tableEntry(id: string, r: CatalogRelationInput, database: string): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const c of r.columns) columns[c.name] = { type: c.type, index: c.index, name: c.name, comment: c.comment };
  return {
    metadata: { type: r.type, schema: r.schema, name: r.name, database, comment: r.comment, owner: r.owner },
    columns,
    stats: stats(r),
    unique_id: id,
  };
}

/**
 * target/catalog.json in dbt's catalog v1 shape: for every model, seed, snapshot and source whose relation the
 * database holds, its metadata, columns and stats (nodes without a relation there are left out, as in dbt).
 */
export function buildCatalog(
  nodes: Iterable<Pick<ProjectNode, 'uniqueId' | 'resourceType' | 'relation'> & { config?: { materialized?: string } }>,
  relations: readonly CatalogRelationInput[],
  meta: TsmodelMeta,
  database: string,
  errors: string[] | null = null,
): Record<string, unknown> {
  const byKey = new Map(relations.map((r) => [`${r.schema}.${r.name}`, r]));
  const out = { nodes: {} as Record<string, unknown>, sources: {} as Record<string, unknown> };
  const kinds = new Set(['model', 'seed', 'snapshot', 'source']);
  for (const n of nodes) {
    if (!kinds.has(n.resourceType) || !n.relation || n.config?.materialized === 'ephemeral') continue;
    if (n.relation.database && n.relation.database !== database) continue;
    const r = byKey.get(`${n.relation.schema}.${n.relation.identifier}`);
    if (!r) continue;
    const entry = tableEntry(n.uniqueId, r, n.relation.database ?? database);
    (n.resourceType === 'source' ? out.sources : out.nodes)[n.uniqueId] = entry;
  }
  return {
    metadata: {
      dbt_schema_version: DBT_CATALOG_SCHEMA,
      dbt_version: DBT_SHAPE_VERSION,
      generated_at: meta.generated_at,
      invocation_id: meta.invocation_id,
      env: tsmodelEnv(meta, TSMODEL_VERSION),
    },
    nodes: out.nodes,
    sources: out.sources,
    errors,
  };
}

/** The schemas whose relations the catalog describes: those of the models, seeds, snapshots and sources. */
export function catalogSchemas(nodes: Iterable<Pick<ProjectNode, 'resourceType' | 'relation'>>): string[] {
  const s = new Set<string>();
  for (const n of nodes)
    if (n.relation && ['model', 'seed', 'snapshot', 'source'].includes(n.resourceType)) s.add(n.relation.schema);
  return [...s].sort();
}
