import type { Graph } from '../graph/index.js';
import type { ParsedProject, ProjectNode, Relation } from '../parse/index.js';
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

/**
 * A manifest entry made when asked (manifest-fragments.ts may take its text from the previous file instead): the
 * node it is made of and its compiled SQL, when it is a node's.
 */
export interface EntrySource {
  make: () => unknown;
  node?: ProjectNode;
  compiled?: string;
  deferred?: Relation;
}

/** One top-level key of manifest.json: entries made one by one, or a value made whole. */
export type ManifestSection =
  | { entries: Record<string, EntrySource> }
  | { value: () => unknown; /** made again every time (the metadata) */ volatile?: boolean };

/** target/manifest.json: the whole project as parsed, in dbt's manifest v12 shape (docs/artifacts.md). */
export function buildManifest(
  parsed: ParsedProject,
  graph: Graph,
  meta: TsmodelMeta,
  targetPath: string,
  compiled: ReadonlyMap<string, string> = new Map(),
  deferred: ReadonlyMap<string, Relation> = new Map(),
): Record<string, unknown> {
  const sections = manifestSections(parsed, graph, meta, targetPath, compiled, deferred);
  const out: Record<string, unknown> = {};
  for (const [key, section] of sections) {
    if ('value' in section) out[key] = section.value();
    else out[key] = Object.fromEntries(Object.entries(section.entries).map(([id, e]) => [id, e.make()]));
  }
  return out;
}

/** manifest.json's top-level keys in order, each made when asked (buildManifest makes them all). */
export function manifestSections(
  parsed: ParsedProject,
  graph: Graph,
  meta: TsmodelMeta,
  targetPath: string,
  compiled: ReadonlyMap<string, string> = new Map(),
  deferred: ReadonlyMap<string, Relation> = new Map(),
): [string, ManifestSection][] {
  const target = parsed.parseEnv.target;
  const where: NodeWhere = { database: target.database ?? 'postgres', schema: target.schema, penv: parsed.parseEnv };
  const nodes: Record<string, EntrySource> = {};
  const sources: Record<string, EntrySource> = {};
  const unitTests: Record<string, EntrySource> = {};
  const exposures: Record<string, EntrySource> = {};
  for (const n of parsed.nodes) {
    if (n.resourceType === 'exposure') {
      exposures[n.uniqueId] = { make: () => exposureEntry(n), node: n };
      continue;
    }
    const sql = compiled.get(n.uniqueId);
    const d = deferred.get(n.uniqueId);
    const make = () => {
      const entry = nodeEntry(n, targetPath, sql, where);
      if (d) entry.defer_relation = deferRelationEntry(n, d, where);
      return entry;
    };
    const source: EntrySource = { make, node: n, ...(sql !== undefined ? { compiled: sql } : {}) };
    if (d) source.deferred = d;
    if (n.resourceType === 'source') sources[n.uniqueId] = source;
    else if (n.resourceType === 'unit_test') unitTests[n.uniqueId] = source;
    else nodes[n.uniqueId] = source;
  }
  const disabled: Record<string, EntrySource> = {};
  for (const n of parsed.disabled)
    disabled[n.uniqueId] = {
      make: () => [n.resourceType === 'exposure' ? exposureEntry(n) : nodeEntry(n, targetPath, undefined, where)],
      node: n,
    };
  const map = (m: ReadonlyMap<string, ReadonlySet<string>>) =>
    Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));
  const empty = { value: () => ({}) };
  return [
    ['metadata', { value: () => manifestMetadata(meta), volatile: true }],
    ['nodes', { entries: nodes }],
    ['sources', { entries: sources }],
    ['macros', { value: () => macrosSection(parsed) }],
    ['docs', { value: () => docsSection(parsed) }],
    ['exposures', { entries: exposures }],
    ['metrics', empty],
    ['groups', { value: () => groupsSection(parsed).groups }],
    ['selectors', empty],
    ['disabled', { entries: disabled }],
    ['parent_map', { value: () => map(graph.parents) }],
    ['child_map', { value: () => map(graph.children) }],
    ['group_map', { value: () => groupsSection(parsed).groupMap }],
    ['saved_queries', empty],
    ['semantic_models', empty],
    ['unit_tests', { entries: unitTests }],
  ];
}

function groupsSection(parsed: ParsedProject): { groups: Record<string, unknown>; groupMap: Record<string, string[]> } {
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
  return { groups, groupMap };
}

function macrosSection(parsed: ParsedProject): Record<string, unknown> {
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
  return macros;
}

function docsSection(parsed: ParsedProject): Record<string, unknown> {
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
  return docs;
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
