import { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/types.js';
import { distributionOf, type Distribution } from './distribution.js';

/** The rules, as the errors quote them. */
export const CITUS_RULES = {
  key: 'a primary key or unique constraint of a distributed table must include its distribution column',
  partitionKey: 'a primary key or unique constraint of a partitioned table must include its partition column',
  uniqueIndex: 'a unique index of a distributed table must include its distribution column',
  fkFromDistributed:
    'a distributed table may have foreign keys only to reference tables, or to a colocated distributed table on the distribution column',
  fkFromReference: 'a reference table may have foreign keys only to other reference tables',
  fkFromLocal: 'a local table may not have a foreign key to a distributed table',
  merge: 'MERGE into a distributed or reference table from a staged (local) source is not supported',
  config: 'distribution settings',
} as const;

export const BUILDS_TABLES = new Set(['table', 'incremental', 'snapshot']);
export const MAX_SHARD_COUNT = 64000;

export type Placement =
  { kind: 'reference' } | { kind: 'distributed'; dist: Distribution & { column: string } } | { kind: 'local' };

export function placementOf(node: ProjectNode): Placement {
  const d = distributionOf(node.config);
  if (d?.reference) return { kind: 'reference' };
  if (d?.column) return { kind: 'distributed', dist: { ...d, column: d.column } };
  return { kind: 'local' };
}

export function problem(
  node: ProjectNode,
  rule: string,
  message: string,
  hint: string,
  file = node.originalFilePath,
): TsmodelError {
  return new TsmodelError('compile', `${node.name}: ${message} — on Citus, ${rule}`, { location: { file }, hint });
}

export const isTableName = (v: string) => v === 'none' || v === 'default' || v.includes('.');
