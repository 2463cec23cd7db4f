import type { Graph } from '../graph/index.js';
import type { ParsedProject, Relation } from '../parse/index.js';
import { deferRelationEntry, DOCS, exposureEntry, nodeEntry, type NodeWhere } from './manifest-entries.js';
import { DBT_MANIFEST_SCHEMA, DBT_SHAPE_VERSION, projectId, tsmodelEnv, type TsmodelMeta } from './dbt-shape.js';

export { DBT_MANIFEST_SCHEMA as MANIFEST_SCHEMA, DBT_RUN_RESULTS_SCHEMA as RUN_RESULTS_SCHEMA } from './dbt-shape.js';
export const TSMODEL_VERSION = '0.1.0';

export interface ArtifactMetadata {
  schema_version: string;
  tsmodel_version: string;
  generated_at: string;
  invocation_id: string;
  project_name: string;
  adapter_type: string;
  target_name: string;
}

export { nodeEntry, exposureEntry, type NodeWhere } from './manifest-entries.js';

/** target/manifest.json: the whole project as parsed, in dbt's manifest v12 shape (docs/artifacts.md). */
export function buildManifest(
  parsed: ParsedProject,
  graph: Graph,
  meta: TsmodelMeta,
  targetPath: string,
  compiled: ReadonlyMap<string, string> = new Map(),
  deferred: ReadonlyMap<string, Relation> = new Map(),
): Record<string, unknown> {
  const target = parsed.parseEnv.target;
  const where: NodeWhere = { database: target.database ?? 'postgres', schema: target.schema, penv: parsed.parseEnv };
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const unitTests: Record<string, unknown> = {};
  const exposures: Record<string, unknown> = {};
  for (const n of parsed.nodes) {
    if (n.resourceType === 'exposure') {
      exposures[n.uniqueId] = exposureEntry(n);
      continue;
    }
    const entry = nodeEntry(n, targetPath, compiled.get(n.uniqueId), where);
    const d = deferred.get(n.uniqueId);
    if (d) entry.defer_relation = deferRelationEntry(n, d, where);
    if (n.resourceType === 'source') sources[n.uniqueId] = entry;
    else if (n.resourceType === 'unit_test') unitTests[n.uniqueId] = entry;
    else nodes[n.uniqueId] = entry;
  }
  const groups: Record<string, unknown> = {};
  const groupMap: Record<string, string[]> = {};
  for (const g of parsed.groups) {
    const id = `group.${parsed.projectName}.${g.name}`;
    groups[id] = {
      name: g.name,
      resource_type: 'group',
      package_name: parsed.projectName,
      path: g.file,
      original_file_path: g.file,
      unique_id: id,
      owner: { name: g.owner.name ?? null, email: g.owner.email ?? null },
      description: g.description ?? null,
    };
    groupMap[g.name] = parsed.nodes.filter((n) => n.config.group === g.name).map((n) => n.uniqueId);
  }
  const macros: Record<string, unknown> = {};
  for (const m of parsed.macros?.values() ?? []) {
    macros[m.uniqueId] = {
      name: m.name,
      resource_type: 'macro',
      package_name: m.packageName,
      path: m.path,
      original_file_path: m.path,
      unique_id: m.uniqueId,
      macro_sql: m.sql,
      depends_on: { macros: m.dependsOn },
      description: '',
      meta: {},
      docs: DOCS,
      patch_path: null,
      arguments: [],
      created_at: 0,
      supported_languages: null,
    };
  }
  const docs: Record<string, unknown> = {};
  for (const d of parsed.docs.values()) {
    const id = `doc.${parsed.projectName}.${d.name}`;
    docs[id] = {
      name: d.name,
      resource_type: 'doc',
      package_name: parsed.projectName,
      path: d.originalFilePath,
      original_file_path: d.originalFilePath,
      unique_id: id,
      block_contents: d.contents,
    };
  }
  const map = (m: ReadonlyMap<string, ReadonlySet<string>>) =>
    Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));
  return {
    metadata: manifestMetadata(meta),
    nodes,
    sources,
    macros,
    docs,
    exposures,
    metrics: {},
    groups,
    selectors: {},
    disabled: Object.fromEntries(
      parsed.disabled.map((n) => [
        n.uniqueId,
        [n.resourceType === 'exposure' ? exposureEntry(n) : nodeEntry(n, targetPath, undefined, where)],
      ]),
    ),
    parent_map: map(graph.parents),
    child_map: map(graph.children),
    group_map: groupMap,
    saved_queries: {},
    semantic_models: {},
    unit_tests: unitTests,
  };
}

/** manifest.json's metadata, its first key (all that differs between two manifests of the same project and SQL). */
export function manifestMetadata(meta: TsmodelMeta): Record<string, unknown> {
  return {
    dbt_schema_version: DBT_MANIFEST_SCHEMA,
    dbt_version: DBT_SHAPE_VERSION,
    generated_at: meta.generated_at,
    invocation_id: meta.invocation_id,
    env: tsmodelEnv(meta, TSMODEL_VERSION),
    project_name: meta.project_name,
    project_id: projectId(meta.project_name),
    user_id: null,
    send_anonymous_usage_stats: false,
    adapter_type: meta.adapter_type === 'pglite' ? 'postgres' : meta.adapter_type,
  };
}
