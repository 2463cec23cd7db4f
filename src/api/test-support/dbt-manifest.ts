import { createHash } from 'node:crypto';

/**
 * A manifest.json in the shape dbt (1.7–1.12) writes, schema v12, for tests of reading a
 * dbt-produced production manifest (--state, --defer). Our own generator, from the fields
 * manifest v12 requires; checksums follow dbt's rule (sha256 of the file stripped, or from
 * dbt 1.12 on with whitespace compacted), computed here independently of tsmodel's code.
 */
export interface DbtNodeSpec {
  resourceType: 'model' | 'seed';
  name: string;
  /** Path from the project root, e.g. models/orders.sql. */
  file: string;
  /** The file's contents as they were when dbt parsed it. */
  contents: string;
  schema: string;
  database: string;
  /** What dbt_project.yml / config() set (dbt's unrendered_config); merged over dbt's defaults for config. */
  configured?: Record<string, unknown>;
  dependsOn?: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** dbt's checksum of a file: stripped contents (dbt < 1.12), whitespace runs made one space (dbt 1.12+). */
export function dbtChecksum(contents: string, dbtVersion: string): string {
  const minor = Number(/^1\.(\d+)/.exec(dbtVersion)?.[1] ?? 0);
  const text = minor >= 12 ? contents.split(/\s+/).filter(Boolean).join(' ') : contents.trim();
  return sha256(text);
}

/** The config dbt writes for every model and seed, before anything is configured. */
function dbtDefaultConfig(resourceType: string): Record<string, unknown> {
  return {
    enabled: true,
    alias: null,
    schema: null,
    database: null,
    tags: [],
    meta: {},
    group: null,
    materialized: resourceType === 'seed' ? 'seed' : 'view',
    incremental_strategy: null,
    persist_docs: {},
    'post-hook': [],
    'pre-hook': [],
    quoting: {},
    column_types: {},
    full_refresh: null,
    unique_key: null,
    on_schema_change: 'ignore',
    on_configuration_change: 'apply',
    grants: {},
    packages: [],
    docs: { show: true, node_color: null },
    contract: { enforced: false, alias_types: true },
    ...(resourceType === 'seed' ? { delimiter: ',', quote_columns: null } : { access: 'protected' }),
  };
}

function nodeOf(project: string, spec: DbtNodeSpec, dbtVersion: string): Record<string, unknown> {
  const relPath = spec.file.split('/').slice(1).join('/');
  const uniqueId = `${spec.resourceType}.${project}.${spec.name}`;
  return {
    database: spec.database,
    schema: spec.schema,
    name: spec.name,
    resource_type: spec.resourceType,
    package_name: project,
    path: relPath,
    original_file_path: spec.file,
    unique_id: uniqueId,
    fqn: [project, ...relPath.split('/').slice(0, -1), spec.name],
    alias: spec.name,
    checksum: { name: 'sha256', checksum: dbtChecksum(spec.contents, dbtVersion) },
    config: { ...dbtDefaultConfig(spec.resourceType), ...spec.configured },
    tags: [],
    description: '',
    columns: {},
    meta: {},
    group: null,
    docs: { show: true, node_color: null },
    patch_path: null,
    build_path: null,
    unrendered_config: spec.configured ?? {},
    created_at: 1700000000.5,
    relation_name: `"${spec.database}"."${spec.schema}"."${spec.name}"`,
    raw_code: spec.resourceType === 'seed' ? '' : spec.contents.trim(),
    depends_on: { macros: [], nodes: spec.dependsOn ?? [] },
    ...(spec.resourceType === 'model'
      ? { language: 'sql', refs: [], sources: [], metrics: [], compiled_path: null, access: 'protected' }
      : { root_path: '/home/ci/project' }),
    ...(spec.resourceType === 'model'
      ? { contract: { enforced: false, alias_types: true, checksum: null }, constraints: [], version: null }
      : {}),
  };
}

/** A whole manifest (v12 top level) holding these nodes, as `dbt build` of version dbtVersion leaves it. */
export function dbtManifest(project: string, specs: DbtNodeSpec[], dbtVersion = '1.9.1'): Record<string, unknown> {
  const nodes = Object.fromEntries(
    specs.map((s) => [`${s.resourceType}.${project}.${s.name}`, nodeOf(project, s, dbtVersion)]),
  );
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: dbtVersion,
      generated_at: '2026-01-02T03:04:05.678901Z',
      invocation_id: '00000000-0000-4000-8000-000000000000',
      env: {},
      project_name: project,
      project_id: createHash('md5').update(project).digest('hex'),
      user_id: null,
      send_anonymous_usage_stats: false,
      adapter_type: 'postgres',
    },
    nodes,
    sources: {},
    macros: {},
    docs: {},
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: {},
    child_map: {},
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: {},
  };
}
