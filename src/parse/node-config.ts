import type { NodeConfig, ProjectNode, ResourceType } from './types.js';

const DEFAULT_MATERIALIZED: Partial<Record<ResourceType, string>> = {
  model: 'view',
  seed: 'seed',
  snapshot: 'snapshot',
  test: 'test',
  analysis: 'analysis',
};

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Hooks may be written as strings or {sql: "...", transaction: bool}; kept as SQL strings. */
function hookList(v: unknown): string[] {
  return asList(v).map((h) =>
    typeof h === 'object' && h !== null && 'sql' in h ? String((h as { sql: unknown }).sql) : String(h),
  );
}

/**
 * Turns a merged raw config (folder config, YAML config, in-file config()
 * calls) into a NodeConfig: dbt's spellings normalized ("pre-hook" →
 * pre_hook), lists where dbt allows a single value, defaults filled in.
 */
export function finalizeConfig(resourceType: ResourceType, raw: Record<string, unknown>): NodeConfig {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k.replace(/-/g, '_')] = v;
  const tags = [...new Set(asList(out.tags).map(String))];
  return {
    ...out,
    // A rendered template prints Python's False ("{{ var('x', false) }}" gives 'False').
    enabled: out.enabled === undefined ? true : out.enabled !== false && String(out.enabled).toLowerCase() !== 'false',
    materialized: String(out.materialized ?? DEFAULT_MATERIALIZED[resourceType] ?? 'view'),
    tags,
    meta: typeof out.meta === 'object' && out.meta !== null ? (out.meta as Record<string, unknown>) : {},
    pre_hook: hookList(out.pre_hook),
    post_hook: hookList(out.post_hook),
  };
}

/**
 * Whether a node is rebuilt from scratch: its `full_refresh` config when set
 * (dbt's: false keeps a model or seed incremental even under --full-refresh),
 * else the run's --full-refresh flag.
 */
export function fullRefreshOf(config: NodeConfig, flag: boolean): boolean {
  const v = config.full_refresh;
  if (v === undefined || v === null) return flag;
  return !(v === false || v === 'false');
}

/** The `to:` expressions of foreign keys, rendered in parse mode to record their refs as dependencies. */
export function foreignKeyTargets(node: ProjectNode): string[] {
  const all = [
    ...(Array.isArray(node.config.constraints) ? node.config.constraints : []),
    ...Object.values(node.columns).flatMap((c) => c.constraints),
  ];
  return all
    .filter(
      (c): c is Record<string, unknown> =>
        typeof c === 'object' &&
        c !== null &&
        (c as Record<string, unknown>).type === 'foreign_key' &&
        Boolean((c as Record<string, unknown>).to),
    )
    .map((c) => String(c.to));
}
