import { createHash } from 'node:crypto';

/**
 * dbt's published artifact schemas, which tsmodel's manifest.json and
 * run_results.json follow so that tools reading dbt's artifacts (and a
 * dbt-produced production manifest for --defer) work with ours. Those
 * schemas allow no unknown keys; tsmodel's additions live in the free-form
 * places: `metadata.env` (TSMODEL_*), a node's `config.tsmodel`, a result's
 * `adapter_response.tsmodel`.
 */
export const DBT_MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';
export const DBT_RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';
/** The dbt release whose artifact shapes these are (not a claim that dbt wrote them: see metadata.env). */
export const DBT_SHAPE_VERSION = '1.10.0';

const COMMON = [
  'database',
  'schema',
  'name',
  'resource_type',
  'package_name',
  'path',
  'original_file_path',
  'unique_id',
  'fqn',
  'alias',
  'checksum',
  'config',
  'tags',
  'description',
  'columns',
  'meta',
  'group',
  'docs',
  'patch_path',
  'build_path',
  'unrendered_config',
  'created_at',
  'relation_name',
  'raw_code',
  'doc_blocks',
];
const COMPILED = [
  'language',
  'refs',
  'sources',
  'metrics',
  'depends_on',
  'compiled_path',
  'compiled',
  'compiled_code',
  'extra_ctes_injected',
  'extra_ctes',
  'contract',
];

/** The keys dbt's manifest v12 allows on each kind of entry. */
export const DBT_KEYS: Readonly<Record<string, readonly string[]>> = {
  seed: [...COMMON, 'root_path', 'depends_on', 'defer_relation'],
  analysis: [...COMMON, ...COMPILED],
  model: [
    ...COMMON,
    ...COMPILED,
    'access',
    'constraints',
    'version',
    'latest_version',
    'deprecation_date',
    'defer_relation',
    'primary_key',
  ],
  snapshot: [...COMMON, ...COMPILED, 'defer_relation'],
  test: [...COMMON, ...COMPILED, 'column_name', 'file_key_name', 'attached_node', 'test_metadata'],
  source: [
    ...['database', 'schema', 'name', 'resource_type', 'package_name', 'path', 'original_file_path', 'unique_id'],
    ...['fqn', 'source_name', 'source_description', 'loader', 'identifier', 'quoting', 'loaded_at_field'],
    ...['freshness', 'external', 'description', 'columns', 'meta', 'source_meta', 'tags', 'config', 'patch_path'],
    ...['unrendered_config', 'relation_name', 'created_at'],
  ],
  unit_test: [
    ...['model', 'given', 'expect', 'name', 'resource_type', 'package_name', 'path', 'original_file_path'],
    ...['unique_id', 'fqn', 'description', 'overrides', 'depends_on', 'config', 'checksum', 'schema', 'created_at'],
    'version',
  ],
  exposure: [
    ...['name', 'resource_type', 'package_name', 'path', 'original_file_path', 'unique_id', 'fqn', 'type', 'owner'],
    ...['description', 'label', 'maturity', 'meta', 'tags', 'config', 'unrendered_config', 'url', 'depends_on'],
    ...['refs', 'sources', 'metrics', 'created_at'],
  ],
};

/** Only the keys dbt's schema allows for this kind of entry (unknown kinds are kept whole). */
export function pickDbtKeys(entry: Record<string, unknown>, kind: string): Record<string, unknown> {
  const keys = DBT_KEYS[kind];
  if (!keys) return entry;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (entry[k] !== undefined) out[k] = entry[k];
  return out;
}

/** What every artifact's metadata says about tsmodel (dbt's metadata.env is a free string map). */
export interface TsmodelMeta {
  generated_at: string;
  invocation_id: string;
  project_name: string;
  adapter_type: string;
  target_name: string;
}

export function tsmodelEnv(meta: TsmodelMeta, version: string): Record<string, string> {
  return { TSMODEL_VERSION: version, TSMODEL_TARGET: meta.target_name, TSMODEL_ADAPTER: meta.adapter_type };
}

/** dbt's project_id: the md5 of the project name. */
export function projectId(name: string): string {
  return createHash('md5').update(name).digest('hex');
}
