import { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/types.js';
import {
  declaresForeignKey,
  distributionOf,
  type DeclaredConstraint,
  type DialectCheck,
  type Distribution,
  type NodeToCheck,
} from './distribution.js';
import { rel } from './postgres-dialect.js';

/**
 * What can't hold on a Citus cluster, found before anything runs: bad
 * distribution settings, keys that leave out the distribution column, foreign
 * keys Citus can't enforce, MERGE into a distributed table. Each problem is a
 * TsmodelError naming the model and the rule, reported together.
 */

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

const BUILDS_TABLES = new Set(['table', 'incremental', 'snapshot']);
const MAX_SHARD_COUNT = 64000;

type Placement =
  { kind: 'reference' } | { kind: 'distributed'; dist: Distribution & { column: string } } | { kind: 'local' };

function placementOf(node: ProjectNode): Placement {
  const d = distributionOf(node.config);
  if (d?.reference) return { kind: 'reference' };
  if (d?.column) return { kind: 'distributed', dist: { ...d, column: d.column } };
  return { kind: 'local' };
}

function problem(
  node: ProjectNode,
  rule: string,
  message: string,
  hint: string,
  file = node.originalFilePath,
): TsmodelError {
  return new TsmodelError('compile', `${node.name}: ${message} — on Citus, ${rule}`, { location: { file }, hint });
}

const isTableName = (v: string) => v === 'none' || v === 'default' || v.includes('.');

/** Checks of the settings themselves (no constraints needed). */
function checkConfig(
  node: ProjectNode,
  catalog: ReadonlyMap<string, ProjectNode>,
  ancestors: (n: ProjectNode) => Set<string>,
): TsmodelError[] {
  const d = distributionOf(node.config);
  if (!d) return [];
  const cfg = node.config;
  const out: TsmodelError[] = [];
  const bad = (message: string, hint: string) => out.push(problem(node, CITUS_RULES.config, message, hint));
  const materialized = node.resourceType === 'seed' ? 'seed' : cfg.materialized;
  if (node.resourceType === 'seed') {
    bad(
      'distributed_by / reference apply to models, and this is a seed',
      'Seeds stay local tables on the coordinator: remove the setting, or select from the seed in a table model that is distributed.',
    );
    return out;
  }
  if (!BUILDS_TABLES.has(materialized)) return out; // views and ephemerals (a folder-wide setting): nothing to distribute
  if (
    cfg.reference !== undefined &&
    cfg.reference !== null &&
    typeof cfg.reference !== 'boolean' &&
    cfg.reference !== 'true' &&
    cfg.reference !== 'false'
  )
    bad(`reference must be true or false (it is ${JSON.stringify(cfg.reference)})`, 'Write reference: true.');
  if (d.reference && (d.column || d.colocateWith || d.shardCount !== undefined))
    bad(
      'it is both a reference table and distributed (distributed_by / colocate_with / shard_count)',
      'A reference table is copied whole to every node: keep reference: true, or distributed_by (with colocate_with / shard_count), not both.',
    );
  if (
    cfg.distributed_by !== undefined &&
    cfg.distributed_by !== null &&
    (typeof cfg.distributed_by !== 'string' || !/^[^,\s][^,]*$/.test(cfg.distributed_by.trim()))
  )
    bad(
      `distributed_by must name one column (it is ${JSON.stringify(cfg.distributed_by)})`,
      "Write distributed_by: 'customer_id'.",
    );
  if (!d.reference && !d.column)
    bad('colocate_with / shard_count need distributed_by', 'Add distributed_by: <column>.');
  if (
    d.shardCount !== undefined &&
    (!Number.isInteger(d.shardCount) || d.shardCount < 1 || d.shardCount > MAX_SHARD_COUNT)
  )
    bad(
      `shard_count must be a whole number from 1 to ${MAX_SHARD_COUNT} (it is ${String(cfg.shard_count)})`,
      'Leave it out for the cluster default (citus.shard_count, 32).',
    );
  if (d.colocateWith && !isTableName(d.colocateWith)) {
    const other = catalog.get(d.colocateWith);
    if (d.shardCount !== undefined)
      bad(
        `shard_count and colocate_with: ${d.colocateWith} are both set`,
        `A colocated table takes the shard count of ${d.colocateWith}: remove shard_count.`,
      );
    if (!other)
      bad(
        `colocate_with names '${d.colocateWith}', which is not a model of the project`,
        'Name a distributed model, or none / default, or a table as schema.name.',
      );
    else if (other === node) bad('it is colocated with itself', 'Name another distributed model in colocate_with.');
    else if (placementOf(other).kind !== 'distributed')
      bad(
        `colocate_with names ${other.name}, which is not distributed`,
        `Give ${other.name} a distributed_by, or colocate with a distributed model.`,
      );
    else if (!ancestors(node).has(other.uniqueId))
      bad(
        `it is colocated with ${other.name}, which it does not depend on, so ${other.name} may not exist yet when it is built`,
        `Select from {{ ref('${other.name}') }} in the model, or add the line -- depends_on: {{ ref('${other.name}') }}.`,
      );
  }
  if (d.column && !d.reference) {
    if (materialized === 'snapshot' && cfg.meta_columns !== 'dbt')
      bad(
        `a snapshot's surrogate key is its primary key, which can't include distributed_by (${d.column})`,
        'Make the snapshot a reference table (reference: true), or use meta_columns: dbt (no surrogate key).',
      );
    if (materialized === 'incremental' && String(cfg.incremental_strategy ?? '') === 'merge')
      out.push(
        problem(
          node,
          CITUS_RULES.merge,
          "incremental_strategy is 'merge'",
          "Use incremental_strategy: 'delete+insert' (the same rows for a unique unique_key; it also works on PostgreSQL).",
        ),
      );
    const contract = cfg.contract as { enforced?: unknown } | undefined;
    const declared = Object.keys(node.columns);
    if (contract?.enforced && declared.length > 0 && !declared.includes(d.column))
      bad(
        `distributed_by names ${d.column}, which its contract does not declare`,
        `Declare ${d.column} under columns:, or distribute by a declared column.`,
      );
  }
  if (d.reference && materialized === 'incremental' && String(cfg.incremental_strategy ?? '') === 'merge')
    out.push(
      problem(node, CITUS_RULES.merge, "incremental_strategy is 'merge'", "Use incremental_strategy: 'delete+insert'."),
    );
  return out;
}

/** Keys and unique indexes of a distributed table. */
function checkKeys(
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

function checkForeignKeys(
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
            `${what} points to a distributed table${onDistColumn ? ' that is not colocated with it' : ' without pairing the distribution columns'}`,
            `Make ${target.name} a reference table, or colocate the two (colocate_with) and include ${placement.dist.column} → ${to.dist.column} in the key.`,
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

/** Every problem of the nodes of a run; `catalog` holds the whole project's models, snapshots and seeds by name. */
export function checkCitusModels(
  nodes: readonly NodeToCheck[],
  catalog: ReadonlyMap<string, ProjectNode>,
): DialectCheck {
  const byRelation = new Map<string, ProjectNode>();
  const byId = new Map<string, ProjectNode>();
  for (const n of catalog.values()) {
    byId.set(n.uniqueId, n);
    if (n.relation) byRelation.set(rel(n.relation), n);
  }
  const memo = new Map<string, Set<string>>();
  const ancestors = (n: ProjectNode): Set<string> => {
    let found = memo.get(n.uniqueId);
    if (found) return found;
    found = new Set<string>();
    memo.set(n.uniqueId, found);
    const stack = [...n.dependsOn.nodes];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (found.has(id)) continue;
      found.add(id);
      stack.push(...(byId.get(id)?.dependsOn.nodes ?? []));
    }
    return found;
  };
  const errors: TsmodelError[] = [];
  const reference: string[] = [];
  const distributed: string[] = [];
  let notTables = 0;
  for (const { node, constraints } of nodes) {
    const configErrors = checkConfig(node, catalog, ancestors);
    errors.push(...configErrors);
    if (node.resourceType !== 'seed' && !BUILDS_TABLES.has(node.config.materialized)) {
      notTables++;
      if (placementOf(node).kind !== 'local') continue;
    }
    const placement = placementOf(node);
    if (placement.kind === 'reference') reference.push(node.name);
    if (placement.kind === 'distributed')
      distributed.push(
        `${node.name} by ${placement.dist.column}${placement.dist.colocateWith ? ` with ${placement.dist.colocateWith}` : ''}`,
      );
    if (configErrors.length > 0 || (placement.kind === 'local' && !declaresForeignKey(node))) continue;
    let declared: readonly DeclaredConstraint[];
    try {
      declared = constraints();
    } catch {
      continue; // a compile error: the node's own run reports it
    }
    errors.push(...checkKeys(node, placement, declared), ...checkForeignKeys(node, placement, declared, byRelation));
  }
  const local = nodes.length - reference.length - distributed.length - notTables;
  const note = `citus: ${distributed.length} distributed (${distributed.join(', ') || 'none'}), ${reference.length} reference (${reference.join(', ') || 'none'}), ${local} local to the coordinator${notTables ? `, ${notTables} views or ephemerals` : ''}`;
  return { errors, notes: [note] };
}
