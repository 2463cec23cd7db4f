import type { ProjectNode } from '../parse/types.js';
import { comparableConfig, pyStrip, sameAsDbtConfig } from './dbt-compare.js';
import { deepEqual } from './deep-equal.js';
import type { PreviousNode, SelectionContext } from './types.js';

/** One state:modified.* comparison of a node with what the earlier manifest recorded about it. */
export type StateCheck = (old: PreviousNode | undefined, node: ProjectNode, env: CheckEnv) => boolean;

export interface CheckEnv {
  ctx: SelectionContext;
  /** Whether a macro (by unique id) or any macro it calls changed since the earlier manifest. */
  macroChanged(id: string): boolean;
}

function persistsDescription(config: Record<string, unknown> | undefined): boolean {
  const docs = config?.['persist_docs'];
  return docs !== null && typeof docs === 'object' && (docs as Record<string, unknown>)['relation'] === true;
}

const RELATION_KEYS = ['database', 'schema', 'alias'] as const;

/** modified.body; against dbt's manifest as dbt does: raw_code for files, the checksum (by dbt's rule) for seeds. */
export const body: StateCheck = (old, node, env) => {
  if (!old) return true;
  const dbt = env.ctx.state?.dbt;
  if (!dbt) return old.checksum !== node.checksum;
  // A generic test is matched to dbt's by its arguments; dbt's raw_code of it is only the macro's call.
  if (node.testMetadata) return false;
  if (node.resourceType !== 'seed') return (old.rawCode ?? '') !== pyStrip(node.rawCode);
  const now = env.ctx.current?.dbtChecksum?.(node, dbt);
  return !now || now.name !== (old.checksumName ?? 'sha256') || now.checksum !== old.checksum;
};
export const configs: StateCheck = (old, node, env) =>
  !old ||
  !(env.ctx.state?.dbt
    ? sameAsDbtConfig(old.config, old.configKeys ?? [], node.config)
    : deepEqual(old.config, node.config));
/** The configured database / schema / alias (not the generated names); unset and null are the same. */
export const relation: StateCheck = (old, node, env) => {
  if (!old) return true;
  const now = env.ctx.state?.dbt ? comparableConfig(node.config) : node.config;
  return RELATION_KEYS.some((k) => !deepEqual(old.config[k] ?? null, now[k] ?? null));
};
export const persistedDescriptions: StateCheck = (old, node) =>
  !old ||
  ((persistsDescription(old.config) || persistsDescription(node.config)) &&
    (old.description ?? '') !== node.description);

/** dbt's modified.macros: a macro the node calls, or one those macros call, changed (or is new). */
export const macros: StateCheck = (old, node, env) => !old || node.dependsOn.macros.some((id) => env.macroChanged(id));

/** dbt's modified.contract: the contract was enforced or dropped, or an enforced contract's columns/types changed. */
export const contract: StateCheck = (old, node, env) => {
  if (!old) return true;
  const then = old.contract;
  const now = env.ctx.current?.contract(node);
  if (!then || !now) return false; // a manifest that did not record contracts: nothing to compare
  return then.enforced !== now.enforced || (now.enforced && then.checksum !== now.checksum);
};

/** The vars and env vars the node read have other values now (only against a manifest that recorded them). */
export const vars: StateCheck = (old, node, env) => {
  if (!old) return true;
  if (!env.ctx.state?.recordsInputs) return false;
  const now = env.ctx.current?.inputs(node);
  const then = old.inputs;
  return !deepEqual(then?.vars ?? {}, now?.vars ?? {}) || !deepEqual(then?.env_vars ?? {}, now?.env_vars ?? {});
};

/** state:modified: any of the above, as dbt's same_contents plus upstream macros and contract. */
export const modified: StateCheck = (old, node, env) =>
  body(old, node, env) ||
  configs(old, node, env) ||
  persistedDescriptions(old, node, env) ||
  relation(old, node, env) ||
  macros(old, node, env) ||
  contract(old, node, env) ||
  vars(old, node, env);

/** A memoised, cycle-safe walk of the macro graph for one selection. */
export function checkEnv(ctx: SelectionContext): CheckEnv {
  const memo = new Map<string, boolean>();
  const prev = ctx.state?.macros;
  const cur = ctx.current?.macros;
  const changed = (id: string): boolean => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    memo.set(id, false); // a macro calling itself (or a cycle) does not change it
    const now = cur?.get(id);
    const then = prev?.get(id);
    const out = !!now && !!prev && (!then || then.sql !== now.sql || now.dependsOn.some(changed));
    memo.set(id, out);
    return out;
  };
  return { ctx, macroChanged: changed };
}
