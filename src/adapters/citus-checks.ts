import { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/types.js';
import {
  declaresForeignKey,
  distributionOf,
  type DeclaredConstraint,
  type DialectCheck,
  type NodeToCheck,
} from './distribution.js';
import { rel } from './postgres-dialect.js';

import { checkForeignKeys, checkKeys } from './citus-constraint-checks.js';
import { BUILDS_TABLES, CITUS_RULES, MAX_SHARD_COUNT, isTableName, placementOf, problem } from './citus-rules.js';

export { CITUS_RULES } from './citus-rules.js';

/**
 * What can't hold on a Citus cluster, found before anything runs: bad
 * distribution settings, keys that leave out the distribution column, foreign
 * keys Citus can't enforce, MERGE into a distributed table. Each problem is a
 * TsmodelError naming the model and the rule, reported together.
 */

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
      'A reference table is copied whole to every node: keep reference: true, or distributed_by (with ' +
        'colocate_with / shard_count), not both.',
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
  const note =
    `citus: ${distributed.length} distributed (${distributed.join(', ') || 'none'}), ` +
    `${reference.length} reference (${reference.join(', ') || 'none'}), ${local} local to the ` +
    `coordinator${notTables ? `, ${notTables} views or ephemerals` : ''}`;
  return { errors, notes: [note] };
}
