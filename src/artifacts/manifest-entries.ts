import { quoteRelation } from '../sql/quote.js';
import type { ProjectNode, Relation } from '../parse/index.js';
import { contractOf, nodeInputs, type ParseEnv } from '../parse/index.js';
import { unitTestEntry } from '../unit-tests/manifest-entry.js';
import { freshnessCriteria, type FreshnessCriteria } from '../data-tests/index.js';
import { pickDbtKeys } from './dbt-shape.js';
import { compiledPath } from './paths.js';

function relationName(n: ProjectNode): string | null {
  if (!n.relation || n.config.materialized === 'ephemeral') return null;
  return quoteRelation(n.relation);
}

export const DOCS = { show: true, node_color: null };

function columnsEntry(n: ProjectNode): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(n.columns).map(([k, c]) => [
      k,
      {
        name: c.name,
        description: c.description,
        meta: c.meta,
        data_type: c.data_type ?? null,
        constraints: c.constraints,
        quote: null,
        config: { meta: c.meta, tags: [] },
        tags: [],
      },
    ]),
  );
}

/** Where the node's manifest entry says it lives: dbt requires database and schema on every node. */
export interface NodeWhere {
  /** The target's database (PGlite's is `postgres`). */
  database: string;
  /** The target's schema (tests and other nodes without a relation). */
  schema: string;
  penv?: ParseEnv;
}

export function nodeEntry(
  n: ProjectNode,
  targetPath: string,
  compiled?: string,
  where: NodeWhere = { database: 'postgres', schema: 'main' },
): Record<string, unknown> {
  const inputs = where.penv ? nodeInputs(n, where.penv) : undefined;
  const entry: Record<string, unknown> = {
    database: n.relation?.database ?? where.database,
    schema: n.relation?.schema ?? where.schema,
    name: n.name,
    resource_type: n.resourceType,
    package_name: n.packageName,
    path: n.path,
    original_file_path: n.originalFilePath,
    unique_id: n.uniqueId,
    fqn: n.fqn,
    alias: n.relation?.identifier ?? n.name,
    checksum: { name: 'sha256', checksum: n.checksum },
    config: inputs ? { ...n.config, tsmodel: { inputs } } : n.config,
    tags: n.config.tags,
    description: n.description,
    columns: columnsEntry(n),
    meta: n.config.meta,
    group: typeof n.config.group === 'string' ? n.config.group : null,
    docs: DOCS,
    patch_path: n.patchPath ?? null,
    build_path: null,
    unrendered_config: {},
    created_at: 0,
    relation_name: relationName(n),
    raw_code: n.rawCode,
    language: 'sql',
    refs: n.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: n.sources.map((s) => [s.source, s.table]),
    metrics: [],
    depends_on: { macros: n.dependsOn.macros, nodes: n.dependsOn.nodes },
    compiled_path: n.resourceType === 'source' || n.resourceType === 'seed' ? null : compiledPath(targetPath, n),
    compiled: compiled !== undefined,
    extra_ctes_injected: false,
    extra_ctes: [],
    contract: contractOf(n),
  };
  if (compiled !== undefined) entry.compiled_code = compiled;
  if (n.resourceType === 'source') {
    Object.assign(entry, {
      source_name: n.sourceName,
      source_description: '',
      loader: '',
      identifier: n.relation?.identifier ?? n.name,
      quoting: {},
      source_meta: {},
      external: null,
      ...sourceFreshness(n),
    });
  }
  if (n.resourceType === 'model') {
    entry.access = typeof n.config.access === 'string' ? n.config.access : 'protected';
    entry.constraints = [];
    entry.version = n.version ?? null;
    entry.latest_version = n.latestVersion ?? null;
    entry.deprecation_date = typeof n.config.deprecation_date === 'string' ? n.config.deprecation_date : null;
  }
  if (n.testMetadata) entry.test_metadata = { namespace: null, ...n.testMetadata };
  if (n.attachedNode) entry.attached_node = n.attachedNode;
  if (n.resourceType === 'test') entry.column_name = n.columnName ?? null;
  if (n.resourceType === 'seed') entry.depends_on = { macros: n.dependsOn.macros };
  if (n.unitTest) Object.assign(entry, unitTestEntry(n), { checksum: n.checksum || null });
  return pickDbtKeys(entry, n.resourceType);
}

/** An exposure as dbt writes it under the manifest's top-level `exposures`. */
export function exposureEntry(n: ProjectNode): Record<string, unknown> {
  const e = n.exposure!;
  return {
    unique_id: n.uniqueId,
    resource_type: 'exposure',
    name: n.name,
    package_name: n.packageName,
    path: n.path,
    original_file_path: n.originalFilePath,
    fqn: n.fqn,
    type: e.type,
    owner: { name: e.owner.name ?? null, email: e.owner.email ?? null },
    description: n.description,
    label: e.label ?? null,
    maturity: e.maturity ?? null,
    url: e.url ?? null,
    meta: n.config.meta,
    tags: n.config.tags,
    config: n.config,
    unrendered_config: {},
    depends_on: { macros: n.dependsOn.macros, nodes: n.dependsOn.nodes },
    refs: n.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: n.sources.map((s) => [s.source, s.table]),
    metrics: [],
    created_at: 0,
  };
}

/** dbt's defer_relation: the relation of another target this run's refs to the node read (--defer). */
export function deferRelationEntry(n: ProjectNode, r: Relation, where: NodeWhere): Record<string, unknown> {
  return {
    database: r.database ?? where.database,
    schema: r.schema,
    alias: r.identifier,
    relation_name: quoteRelation(r),
    resource_type: n.resourceType,
    name: n.name,
    description: n.description,
    compiled_code: null,
    meta: n.config.meta,
    tags: n.config.tags,
    config: { enabled: true, tags: n.config.tags, meta: n.config.meta },
  };
}

/** A source's freshness and loaded_at_field as dbt's manifest holds them (null when unset or not readable). */
function sourceFreshness(n: ProjectNode): { freshness: FreshnessCriteria | null; loaded_at_field: string | null } {
  let freshness: FreshnessCriteria | null = null;
  try {
    freshness = freshnessCriteria(n) ?? null;
  } catch {
    // A bad threshold is reported by `source freshness`; the manifest says there is none it can read.
  }
  const field = n.config.loaded_at_field;
  return { freshness, loaded_at_field: typeof field === 'string' && field.trim() ? field : null };
}
