import { createHash } from 'node:crypto';
import type { ParseEnv } from './sql-node.js';
import type { ProjectNode } from './types.js';

/** A model's contract as dbt's manifest records it: enforced, and a checksum of the columns' names and types. */
export interface ContractState {
  enforced: boolean;
  alias_types: boolean;
  checksum: string | null;
}

/** The values of the vars and env vars a node's rendering read (env values hashed: they may be secrets). */
export interface NodeInputs {
  vars: Record<string, unknown>;
  env_vars: Record<string, string>;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export function contractOf(node: ProjectNode): ContractState {
  const c = node.config.contract;
  const cfg = c && typeof c === 'object' ? (c as Record<string, unknown>) : {};
  const enforced = cfg.enforced === true;
  const columns = Object.values(node.columns)
    .map((col) => `${col.name}:${(col.data_type ?? '').trim().toLowerCase()}`)
    .sort();
  return {
    enforced,
    alias_types: cfg.alias_types !== false,
    checksum: enforced ? sha(columns.join(',')) : null,
  };
}

/** What the vars and env vars a node read are worth in this invocation (undefined when it read none). */
export function nodeInputs(node: ProjectNode, penv: ParseEnv): NodeInputs | undefined {
  if (!node.inputs) return undefined;
  const vars =
    node.packageName === penv.projectName ? penv.vars : (penv.packageVars?.get(node.packageName) ?? penv.vars);
  const out: NodeInputs = { vars: {}, env_vars: {} };
  for (const v of node.inputs.vars) out.vars[v] = vars[v] ?? null;
  for (const e of node.inputs.envVars) {
    const value = penv.env[e];
    out.env_vars[e] = value === undefined ? '' : sha(value);
  }
  return out;
}

/** nodeInputs as a comparable string ('' when the node read none; never equal to anything when not JSON). */
export function inputsKey(node: ProjectNode, penv: ParseEnv): string {
  if (!node.inputs) return '';
  try {
    return JSON.stringify(nodeInputs(node, penv));
  } catch {
    return `unstable:${Math.random()}`;
  }
}
