import type { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/types.js';
import type { DeclaredConstraint, Distribution } from './distribution.js';
import { CITUS_RULES, isTableName, placementOf, problem, type Placement } from './citus-rules.js';

/** What a cluster can enforce of a model's declared keys, unique indexes and foreign keys. */

/** Keys and unique indexes of a distributed table. */
export function checkKeys(
  node: ProjectNode,
  placement: Placement,
  constraints: readonly DeclaredConstraint[],
): TsmodelError[] {
  const out: TsmodelError[] = [];
  const yaml = node.patchPath ?? node.originalFilePath;
  const part = node.config.partition_by as { field?: unknown } | undefined;
  const partField = part && typeof part === 'object' && part.field ? String(part.field) : undefined;
  for (const c of constraints) {
    if (c.type !== 'primary_key' && c.type !== 'unique') continue;
    const what = `${c.type === 'primary_key' ? 'its primary key' : 'its unique constraint'} (${c.columns.join(', ')})`;
    if (placement.kind === 'distributed' && !c.columns.includes(placement.dist.column)) {
      out.push(
        problem(
          node,
          CITUS_RULES.key,
          `${what} does not include the distribution column ${placement.dist.column}`,
          `Add ${placement.dist.column} to the key, distribute by a key column, or make ${node.name} a reference table.`,
          yaml,
        ),
      );
    }
    if (placement.kind !== 'local' && partField && !c.columns.includes(partField)) {
      out.push(
        problem(
          node,
          CITUS_RULES.partitionKey,
          `${what} does not include the partition column ${partField}`,
          `Add ${partField} to the key, or drop the key.`,
          yaml,
        ),
      );
    }
  }
  if (placement.kind === 'distributed' && Array.isArray(node.config.indexes)) {
    for (const ix of node.config.indexes as { columns?: unknown; unique?: unknown }[]) {
      const cols = Array.isArray(ix?.columns) ? ix.columns.map(String) : ix?.columns ? [String(ix.columns)] : [];
      if (ix?.unique && !cols.includes(placement.dist.column)) {
        out.push(
          problem(
            node,
            CITUS_RULES.uniqueIndex,
            `its unique index on (${cols.join(', ')}) does not include the distribution column ${placement.dist.column}`,
            `Add ${placement.dist.column} to the index, or make it non-unique.`,
          ),
        );
      }
    }
  }
  return out;
}

/** Whether two distributed models share their shards' placement. */
function colocated(a: ProjectNode, ad: Distribution, b: ProjectNode, bd: Distribution): boolean {
  if (ad.colocateWith === b.name || bd.colocateWith === a.name) return true;
  if (ad.colocateWith && ad.colocateWith === bd.colocateWith && !isTableName(ad.colocateWith)) return true;
  // Citus' default colocation: the same shard count (and column type, which the cluster checks).
  const implicit = (d: Distribution) => !d.colocateWith || d.colocateWith === 'default';
  return implicit(ad) && implicit(bd) && ad.shardCount === bd.shardCount;
}

export function checkForeignKeys(
  node: ProjectNode,
  placement: Placement,
  constraints: readonly DeclaredConstraint[],
  byRelation: ReadonlyMap<string, ProjectNode>,
): TsmodelError[] {
  const out: TsmodelError[] = [];
  const yaml = node.patchPath ?? node.originalFilePath;
  for (const c of constraints) {
    if (c.type !== 'foreign_key' || !c.toRelation) continue;
    const target = byRelation.get(c.toRelation.trim());
    if (!target) continue; // not a node of the project: the cluster decides
    const to = placementOf(target);
    const what = `its foreign key (${c.columns.join(', ')}) → ${target.name}`;
    if (placement.kind === 'distributed') {
      if (to.kind === 'reference') continue;
      if (to.kind === 'local') {
        out.push(
          problem(
            node,
            CITUS_RULES.fkFromDistributed,
            `${what} points to a table local to the coordinator`,
            `Make ${target.name} a reference table (reference: true).`,
            yaml,
          ),
        );
        continue;
      }
      const toCols = c.toColumns ?? [];
      const onDistColumn =
        toCols.length === 0
          ? c.columns.includes(placement.dist.column)
          : c.columns.some((col, i) => col === placement.dist.column && toCols[i] === to.dist.column);
      if (!colocated(node, placement.dist, target, to.dist) || !onDistColumn) {
        out.push(
          problem(
            node,
            CITUS_RULES.fkFromDistributed,
            `${what} points to a distributed table` +
              `${onDistColumn ? ' that is not colocated with it' : ' without pairing the distribution columns'}`,
            `Make ${target.name} a reference table, or colocate the two (colocate_with) and include ` +
              `${placement.dist.column} → ${to.dist.column} in the key.`,
            yaml,
          ),
        );
      }
    } else if (placement.kind === 'reference') {
      if (to.kind !== 'reference')
        out.push(
          problem(
            node,
            CITUS_RULES.fkFromReference,
            `${what} points to a ${to.kind} table`,
            `Make ${target.name} a reference table too, or drop the foreign key.`,
            yaml,
          ),
        );
    } else if (to.kind === 'distributed') {
      out.push(
        problem(
          node,
          CITUS_RULES.fkFromLocal,
          `${what} points to a distributed table`,
          `Make ${node.name} distributed and colocated with ${target.name}, or a reference table pointing at a reference table.`,
          yaml,
        ),
      );
    }
  }
  return out;
}
