import type { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/types.js';

/**
 * How a model is spread over a Citus cluster, from its config:
 *   distributed_by: <column>   hash-distributed on that column (create_distributed_table)
 *   colocate_with: <model>     its shards sit with that distributed model's shards
 *   shard_count: <n>           shards of a new colocation group (Citus' default: 32)
 *   reference: true            a full copy on every node (create_reference_table)
 * A model with none of them stays a local table on the coordinator. Other
 * targets ignore these settings (one --debug note says so).
 */
export interface Distribution {
  column?: string;
  colocateWith?: string;
  shardCount?: number;
  reference: boolean;
}

export const DISTRIBUTION_KEYS = ['distributed_by', 'colocate_with', 'shard_count', 'reference'] as const;

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== false && v !== 'false';

/** The distribution settings a config writes (by key), in DISTRIBUTION_KEYS order. */
export function distributionKeys(config: Readonly<Record<string, unknown>>): string[] {
  return DISTRIBUTION_KEYS.filter((k) => isSet(config[k]));
}

/** The distribution a config asks for, read leniently (the Citus checks report bad values); undefined when none. */
export function distributionOf(config: Readonly<Record<string, unknown>>): Distribution | undefined {
  if (distributionKeys(config).length === 0) return undefined;
  const text = (v: unknown) => (isSet(v) ? String(v).trim() : undefined);
  const shards = config.shard_count;
  return {
    column: text(config.distributed_by),
    colocateWith: text(config.colocate_with),
    shardCount: isSet(shards) ? Number(shards) : undefined,
    reference: config.reference === true || config.reference === 'true',
  };
}

/** A declared constraint, as the checks need it (materialize's ConstraintDef fits). */
export interface DeclaredConstraint {
  type: string;
  columns: string[];
  /** Foreign keys: the referenced relation, quoted ("schema"."name"). */
  toRelation?: string;
  toColumns?: string[];
}

/** A node the target's dialect checks before a run; constraints are resolved only when asked for. */
export interface NodeToCheck {
  node: ProjectNode;
  constraints(): readonly DeclaredConstraint[];
}

/** What the checks found: errors stop the run before anything is built; notes go to --debug. */
export interface DialectCheck {
  errors: TsmodelError[];
  notes: string[];
}

/** Whether the node declares a foreign key (column- or model-level), without resolving it. */
export function declaresForeignKey(node: ProjectNode): boolean {
  const isFk = (c: unknown) => typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'foreign_key';
  const modelLevel = node.config.constraints;
  if (Array.isArray(modelLevel) && modelLevel.some(isFk)) return true;
  return Object.values(node.columns).some((col) => col.constraints.some(isFk));
}
