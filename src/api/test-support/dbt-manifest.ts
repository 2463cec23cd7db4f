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
  /** Macros (unique ids) the node calls: depends_on.macros. */
  macros?: string[];
}

/** A generic test as dbt records it: its own id (dbt hashes a Python repr), the node it tests, its arguments. */
export interface DbtTestSpec {
  name: string;
  attachedTo: string;
  test: string;
  kwargs: Record<string, unknown>;
}

/** What the manifest holds besides models and seeds. */
export interface DbtExtras {
  tests?: DbtTestSpec[];
  /** Macro unique id -> its text, `{% macro %}` to `{% endmacro %}`. */
  macros?: Record<string, string>;
  /** Sources (source_name.table) declared with nothing configured. */
  sources?: { source: string; table: string; schema: string; database: string }[];
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
    depends_on: { macros: spec.macros ?? [], nodes: spec.dependsOn ?? [] },
    ...(spec.resourceType === 'model'
      ? { language: 'sql', refs: [], sources: [], metrics: [], compiled_path: null, access: 'protected' }
      : { root_path: '/home/ci/project' }),
    ...(spec.resourceType === 'model'
      ? { contract: { enforced: false, alias_types: true, checksum: null }, constraints: [], version: null }
      : {}),
  };
}

function testOf(project: string, t: DbtTestSpec): [string, Record<string, unknown>] {
  const id = `test.${project}.${t.name}.0123456789`;
  const config = { enabled: true, alias: null, schema: 'dbt_test__audit', database: null, tags: [], meta: {} };
  const more = { materialized: 'test', severity: 'ERROR', store_failures: null, where: null, limit: null };
  const calc = { fail_calc: 'count(*)', warn_if: '!= 0', error_if: '!= 0' };
  const model = `{{ get_where_subquery(ref('${t.attachedTo.split('.').pop()}')) }}`;
  return [
    id,
    {
      ...{ database: 'prod', schema: 'analytics_dbt_test__audit', name: t.name, resource_type: 'test' },
      ...{ package_name: project, path: `${t.name}.sql`, original_file_path: 'models/schema.yml', unique_id: id },
      ...{ fqn: [project, t.name], alias: t.name, checksum: { name: 'none', checksum: '' } },
      ...{ config: { ...config, ...more, ...calc }, unrendered_config: {}, tags: [], description: '', columns: {} },
      raw_code: `{{ test_${t.test}(**_dbt_generic_test_kwargs) }}`,
      depends_on: { macros: [`macro.dbt.test_${t.test}`], nodes: [t.attachedTo] },
      test_metadata: { name: t.test, kwargs: { ...t.kwargs, model }, namespace: null },
      attached_node: t.attachedTo,
      column_name: t.kwargs.column_name ?? null,
    },
  ];
}

function macroOf(project: string, id: string, sql: string): Record<string, unknown> {
  const name = id.split('.').pop()!;
  return {
    ...{ name, resource_type: 'macro', package_name: project, path: `macros/${name}.sql` },
    ...{ original_file_path: `macros/${name}.sql`, unique_id: id, macro_sql: sql, depends_on: { macros: [] } },
  };
}

function sourceOf(project: string, s: NonNullable<DbtExtras['sources']>[number]): [string, Record<string, unknown>] {
  const id = `source.${project}.${s.source}.${s.table}`;
  const never = { count: null, period: null };
  const freshness = { warn_after: never, error_after: never, filter: null };
  return [
    id,
    {
      ...{ database: s.database, schema: s.schema, name: s.table, resource_type: 'source', package_name: project },
      ...{ unique_id: id, source_name: s.source, identifier: s.table, fqn: [project, s.source, s.table] },
      ...{ config: { enabled: true, event_time: null, freshness }, unrendered_config: {} },
      relation_name: `"${s.database}"."${s.schema}"."${s.table}"`,
    },
  ];
}

/** A whole manifest (v12 top level) holding these nodes, as `dbt build` of version dbtVersion leaves it. */
export function dbtManifest(
  project: string,
  specs: DbtNodeSpec[],
  dbtVersion = '1.9.1',
  extras: DbtExtras = {},
): Record<string, unknown> {
  const nodes = Object.fromEntries([
    ...specs.map((s) => [`${s.resourceType}.${project}.${s.name}`, nodeOf(project, s, dbtVersion)] as const),
    ...(extras.tests ?? []).map((t) => testOf(project, t)),
  ]);
  const macros = Object.fromEntries(
    Object.entries(extras.macros ?? {}).map(([id, sql]) => [id, macroOf(project, id, sql)]),
  );
  const sources = Object.fromEntries((extras.sources ?? []).map((s) => sourceOf(project, s)));
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
    sources,
    macros,
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
