import { quoteRelation } from '../sql/quote.js';
import type { Graph } from '../graph/index.js';
import type { ParsedProject, ProjectNode } from '../parse/index.js';
import { compiledPath } from './paths.js';
import { unitTestEntry } from '../unit-tests/manifest-entry.js';

export const MANIFEST_SCHEMA = 'https://tsmodel.dev/schemas/manifest/v1.json';
export const RUN_RESULTS_SCHEMA = 'https://tsmodel.dev/schemas/run-results/v1.json';
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

function relationName(n: ProjectNode): string | null {
  if (!n.relation || n.config.materialized === 'ephemeral') return null;
  return quoteRelation(n.relation);
}

export function nodeEntry(n: ProjectNode, targetPath: string, compiled?: string): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    unique_id: n.uniqueId,
    resource_type: n.resourceType,
    name: n.name,
    package_name: n.packageName,
    path: n.path,
    original_file_path: n.originalFilePath,
    patch_path: n.patchPath ?? null,
    fqn: n.fqn,
    schema: n.relation?.schema ?? null,
    alias: n.relation?.identifier ?? null,
    relation_name: relationName(n),
    checksum: { name: 'sha256', checksum: n.checksum },
    config: n.config,
    tags: n.config.tags,
    meta: n.config.meta,
    description: n.description,
    columns: n.columns,
    depends_on: n.dependsOn,
    refs: n.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: n.sources.map((s) => [s.source, s.table]),
    raw_code: n.rawCode,
    compiled_path: n.resourceType === 'source' || n.resourceType === 'seed' ? null : compiledPath(targetPath, n),
  };
  if (compiled !== undefined) entry.compiled_code = compiled;
  if (n.resourceType === 'source') {
    entry.source_name = n.sourceName;
    entry.identifier = n.relation?.identifier;
  }
  if (n.resourceType === 'model') {
    entry.access = typeof n.config.access === 'string' ? n.config.access : 'protected';
    entry.group = typeof n.config.group === 'string' ? n.config.group : null;
    entry.version = n.version ?? null;
    entry.latest_version = n.latestVersion ?? null;
    entry.deprecation_date = typeof n.config.deprecation_date === 'string' ? n.config.deprecation_date : null;
  }
  if (n.testMetadata) entry.test_metadata = n.testMetadata;
  if (n.attachedNode) entry.attached_node = n.attachedNode;
  if (n.columnName) entry.column_name = n.columnName;
  if (n.unitTest) Object.assign(entry, unitTestEntry(n));
  return entry;
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
    depends_on: n.dependsOn,
    refs: n.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: n.sources.map((s) => [s.source, s.table]),
  };
}

/** target/manifest.json: the whole project as parsed (shape documented in docs/artifacts.md). */
export function buildManifest(
  parsed: ParsedProject,
  graph: Graph,
  meta: Omit<ArtifactMetadata, 'schema_version' | 'tsmodel_version'>,
  targetPath: string,
  compiled: ReadonlyMap<string, string> = new Map(),
): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const unitTests: Record<string, unknown> = {};
  const exposures: Record<string, unknown> = {};
  for (const n of parsed.nodes) {
    if (n.resourceType === 'exposure') {
      exposures[n.uniqueId] = exposureEntry(n);
      continue;
    }
    const entry = nodeEntry(n, targetPath, compiled.get(n.uniqueId));
    if (n.resourceType === 'source') sources[n.uniqueId] = entry;
    else if (n.resourceType === 'unit_test') unitTests[n.uniqueId] = entry;
    else nodes[n.uniqueId] = entry;
  }
  const groups: Record<string, unknown> = {};
  for (const g of parsed.groups)
    groups[`group.${parsed.projectName}.${g.name}`] = {
      unique_id: `group.${parsed.projectName}.${g.name}`,
      name: g.name,
      package_name: parsed.projectName,
      original_file_path: g.file,
      owner: { name: g.owner.name ?? null, email: g.owner.email ?? null },
      description: g.description,
    };
  const macros: Record<string, unknown> = {};
  for (const m of parsed.renderer.macros.values()) {
    const pkg = parsed.macroPackages?.get(m.path) ?? (m.builtin ? 'tsmodel' : parsed.projectName);
    const id = `macro.${pkg}.${m.name}`;
    macros[id] = {
      unique_id: id,
      name: m.name,
      package_name: pkg,
      original_file_path: m.path,
      line: m.line,
    };
  }
  const docs: Record<string, unknown> = {};
  for (const d of parsed.docs.values())
    docs[`doc.${parsed.projectName}.${d.name}`] = {
      name: d.name,
      block_contents: d.contents,
      original_file_path: d.originalFilePath,
    };
  const map = (m: ReadonlyMap<string, ReadonlySet<string>>) =>
    Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));
  return {
    metadata: { schema_version: MANIFEST_SCHEMA, tsmodel_version: TSMODEL_VERSION, ...meta },
    nodes,
    sources,
    exposures,
    groups,
    macros,
    docs,
    unit_tests: unitTests,
    parent_map: map(graph.parents),
    child_map: map(graph.children),
    disabled: Object.fromEntries(
      parsed.disabled.map((n) => [
        n.uniqueId,
        [n.resourceType === 'exposure' ? exposureEntry(n) : nodeEntry(n, targetPath)],
      ]),
    ),
  };
}
