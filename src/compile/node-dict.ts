import type { ProjectNode } from '../parse/index.js';
import { quoteRelation } from '../sql/quote.js';

/**
 * A node as dbt's dict, with the fields packages read from `model` and `graph.nodes` (resource_type,
 * package_name, config, depends_on, columns, relation_name, test_metadata, …).
 */
export function nodeDict(n: ProjectNode): Record<string, unknown> {
  const rel = n.relation;
  return {
    unique_id: n.uniqueId,
    name: n.name,
    resource_type: n.resourceType,
    package_name: n.packageName,
    path: n.path,
    original_file_path: n.originalFilePath,
    fqn: n.fqn,
    config: n.config,
    tags: n.config.tags,
    meta: n.config.meta,
    description: n.description,
    columns: n.columns,
    depends_on: n.dependsOn,
    refs: n.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: n.sources.map((s) => [s.source, s.table]),
    raw_code: n.rawCode,
    checksum: { name: 'sha256', checksum: n.checksum },
    database: rel?.database ?? null,
    schema: rel?.schema ?? null,
    alias: rel?.identifier ?? n.name,
    identifier: rel?.identifier ?? n.name,
    relation_name: rel ? quoteRelation(rel) : null,
    ...(n.sourceName ? { source_name: n.sourceName } : {}),
    ...(n.testMetadata ? { test_metadata: n.testMetadata } : {}),
    ...(n.attachedNode ? { attached_node: n.attachedNode } : {}),
    ...(n.columnName ? { column_name: n.columnName } : {}),
    ...(n.version !== undefined ? { version: n.version, latest_version: n.latestVersion ?? null } : {}),
  };
}

/**
 * dbt's `graph` at run time: nodes (models, seeds, snapshots, tests, analyses), sources and exposures.
 * Built on first read (most renders never look at it), then shared.
 */
export function lazyGraphDict(nodes: () => Iterable<ProjectNode>): Record<string, unknown> {
  let built: Record<string, Record<string, unknown>> | undefined;
  const get = () => (built ??= graphDict(nodes()));
  const out: Record<string, unknown> = {};
  for (const key of ['nodes', 'sources', 'exposures', 'metrics', 'groups', 'semantic_models', 'saved_queries'])
    Object.defineProperty(out, key, { get: () => get()[key], enumerable: true });
  return out;
}

function graphDict(nodes: Iterable<ProjectNode>): Record<string, Record<string, unknown>> {
  const graph: Record<string, Record<string, unknown>> = {
    nodes: {},
    sources: {},
    exposures: {},
    metrics: {},
    groups: {},
    semantic_models: {},
    saved_queries: {},
  };
  for (const n of nodes) {
    const bucket = n.resourceType === 'source' ? 'sources' : n.resourceType === 'exposure' ? 'exposures' : 'nodes';
    graph[bucket]![n.uniqueId] = nodeDict(n);
  }
  return graph;
}
