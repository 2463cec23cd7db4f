import { isMapping } from './check.js';
import type { FolderConfigTree } from './types.js';

/** Config names a folder level may set without the "+" prefix. */
export const KNOWN_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'enabled',
  'materialized',
  'schema',
  'alias',
  'database',
  'tags',
  'meta',
  'docs',
  'persist_docs',
  'pre_hook',
  'post_hook',
  'pre-hook',
  'post-hook',
  'indexes',
  'unique_key',
  'incremental_strategy',
  'incremental_predicates',
  'on_schema_change',
  'on_configuration_change',
  'partition_by',
  'cluster_by',
  'grants',
  'contract',
  'constraints',
  'full_refresh',
  'quote_columns',
  'column_types',
  'delimiter',
  'strategy',
  'updated_at',
  'check_cols',
  'snapshot_meta_column_names',
  'dbt_valid_to_current',
  'hard_deletes',
  'invalidate_hard_deletes',
  'target_schema',
  'target_database',
  'store_failures',
  'store_failures_as',
  'where',
  'limit',
  'severity',
  'warn_if',
  'error_if',
  'fail_calc',
  'quoting',
  'dimension',
  'access',
  'group',
  'freshness',
  'loaded_at_field',
  'loaded_at_query',
  'loaded_at_column',
  'event_time',
  'batch_size',
  'lookback',
  'begin',
  'concurrent_batches',
  'distributed_by',
  'unlogged',
  'sql_header',
  'bind',
  'packages',
]);

/** Configs whose value is itself a mapping: written without "+" they still count as configs. */
const MAPPING_CONFIGS: ReadonlySet<string> = new Set([
  'meta',
  'docs',
  'persist_docs',
  'grants',
  'contract',
  'column_types',
  'partition_by',
  'quoting',
  'freshness',
  'snapshot_meta_column_names',
]);

/** Configs that accumulate from less to more specific levels instead of being replaced. */
const APPEND = new Set(['tags', 'pre_hook', 'post_hook']);
/** Configs shallow-merged key by key (freshness: a table's warn_after keeps its source's error_after, as dbt's merge). */
const UPDATE = new Set(['meta', 'docs', 'quoting', 'column_types', 'contract', 'freshness']);

/** "+pre-hook" → "pre_hook", "+materialized" → "materialized". */
export function normalizeConfigKey(key: string): string {
  const k = key.startsWith('+') ? key.slice(1).trim() : key;
  if (k === 'pre-hook') return 'pre_hook';
  if (k === 'post-hook') return 'post_hook';
  return k;
}

/**
 * The configs a folder level sets (dbt semantics): "+key" entries always;
 * bare keys when they are not the next folder on the node's path and are
 * config values (a known mapping-valued config whose own keys have no "+", or
 * any non-mapping value, as dbt does).
 */
function levelConfigs(level: Record<string, unknown>, nextFolder: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) {
      out[normalizeConfigKey(key)] = value;
      continue;
    }
    if (key === nextFolder) continue;
    if (!isMapping(value)) {
      // An empty folder entry (`staging:`) is not a config.
      if (value !== null || KNOWN_CONFIG_KEYS.has(key)) out[normalizeConfigKey(key)] = value;
    } else if (MAPPING_CONFIGS.has(key) && !Object.keys(value).some((k) => k.startsWith('+'))) {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Resolves a node's configs from a folder-config tree (project.yml `models:`,
 * `seeds:`, …) along fqn = [projectName, ...folders, nodeName]: the tree's top
 * level first, then each level of the path; more specific levels override,
 * tags / hooks accumulate, meta and docs merge, grants merge per privilege.
 * `resourceKind` is accepted for callers' clarity; the rules are the same for every kind.
 */
export function resolveFolderConfig(
  tree: FolderConfigTree,
  fqn: readonly string[],
  _resourceKind?: string,
): Record<string, unknown> {
  let result: Record<string, unknown> = {};
  let level: unknown = tree;
  for (let i = 0; i <= fqn.length; i++) {
    if (!isMapping(level)) break;
    result = mergeConfigs(result, levelConfigs(level, fqn[i]));
    if (i === fqn.length) break;
    level = level[fqn[i]!];
  }
  return result;
}

/**
 * Applies `override` on top of `base` (neither is modified): most keys are
 * replaced; `tags` accumulate deduplicated; `pre_hook` / `post_hook` accumulate
 * as lists; `meta`, `docs`, `quoting`, `column_types`, `contract` are
 * shallow-merged; `grants` are merged per privilege (a "+select" privilege
 * adds to the inherited grantees instead of replacing them). Keys are normalized
 * ("+" stripped, pre-hook → pre_hook).
 */
export function mergeConfigs(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) out[normalizeConfigKey(key)] = value;
  for (const [rawKey, value] of Object.entries(override)) {
    const key = normalizeConfigKey(rawKey);
    if (value === undefined) continue;
    const prev = out[key];
    if (APPEND.has(key)) {
      const merged = [...toList(prev), ...toList(value)];
      out[key] = key === 'tags' ? [...new Set(merged)] : merged;
    } else if (UPDATE.has(key) && isMapping(prev) && isMapping(value)) {
      out[key] = { ...prev, ...value };
    } else if (key === 'grants' && isMapping(value)) {
      out[key] = mergeGrants(isMapping(prev) ? prev : {}, value);
    } else {
      out[key] = value;
    }
  }
  // Lists are always lists, even when set once.
  for (const key of APPEND) if (key in out && !Array.isArray(out[key])) out[key] = toList(out[key]);
  return out;
}

function toList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function mergeGrants(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [privilege, grantees] of Object.entries(base)) out[privilege.replace(/^\+/, '')] = toList(grantees);
  for (const [rawPrivilege, grantees] of Object.entries(override)) {
    const add = rawPrivilege.startsWith('+');
    const privilege = add ? rawPrivilege.slice(1) : rawPrivilege;
    out[privilege] = add ? [...new Set([...toList(out[privilege]), ...toList(grantees)])] : toList(grantees);
  }
  return out;
}
