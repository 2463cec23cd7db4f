import { clipBytes, fitName, type RelationKind } from '../adapters/postgres-dialect.js';
import type { Relation } from '../parse/index.js';
import { finishSteps } from './finish.js';
import type { MaterializeInput, Plan, Step } from './types.js';

export function tempRelation(r: Relation, tag: string, suffix: string): Relation {
  return { schema: r.schema, identifier: fitName(`${clipBytes(r.identifier, 40)}__tsmodel_${tag}_${suffix}`) };
}

/** Statements that put back everything that depended on the old relation. */
export function recreateDependents(input: MaterializeInput): Step[] {
  const d = input.dialect;
  const steps: Step[] = [];
  for (const v of input.dependents.views) {
    const target = { schema: v.schema, identifier: v.name };
    steps.push({
      sql: d.recreateView(v.schema, v.name, v.kind, v.definition),
      label: `recreate dependent ${v.kind.replace('_', ' ')} ${v.schema}.${v.name}`,
    });
    if (v.comment)
      steps.push({ sql: d.commentOnRelation(target, v.kind, v.comment), label: `comment on ${v.schema}.${v.name}` });
    for (const g of v.grants)
      steps.push({
        sql: d.grant(target, g.privilege, g.grantee),
        label: `grant ${g.privilege} on ${v.schema}.${v.name}`,
      });
  }
  for (const fk of input.dependents.foreignKeys) {
    steps.push({
      sql: d.addConstraint({ schema: fk.schema, identifier: fk.table }, fk.name, fk.definition),
      label: `recreate foreign key ${fk.name} of ${fk.schema}.${fk.table} (${fk.definition})`,
    });
  }
  return steps;
}

/** Strict drops (MaterializeInput.strictDrops): the known dependents go first, deepest first, by name. */
function dropDependents(input: MaterializeInput): Step[] {
  const d = input.dialect;
  const steps: Step[] = [];
  for (const fk of input.dependents.foreignKeys)
    steps.push({
      sql: d.dropConstraint({ schema: fk.schema, identifier: fk.table }, fk.name),
      label: `drop foreign key ${fk.name} of ${fk.schema}.${fk.table} (recreated below)`,
    });
  for (const v of [...input.dependents.views].reverse())
    steps.push({
      sql: d.drop({ schema: v.schema, identifier: v.name }, v.kind, { ifExists: true }),
      label: `drop dependent ${v.kind.replace('_', ' ')} ${v.schema}.${v.name} (recreated below)`,
    });
  return steps;
}

/**
 * Builds a relation atomically. With no existing relation it is built in
 * place; otherwise it is built under a temporary name, then — in the same
 * transaction — the old one is renamed away, the new one renamed in, the old
 * one dropped, and its dependents (views, foreign keys of other tables)
 * recreated. A reader sees the old or the new relation, never a gap; any
 * failure rolls the whole thing back.
 */
export function buildAndSwap(
  input: MaterializeInput,
  kind: RelationKind,
  verb: string,
  build: (target: Relation) => Step[],
): Plan {
  const d = input.dialect;
  const final = input.relation;
  const steps: Step[] = input.preHooks.map((sql, i) => ({ sql, label: `pre-hook ${i + 1}` }));
  if (!input.existing) {
    steps.push(...build(final), ...finishSteps(input, final, kind));
  } else {
    const fresh = tempRelation(final, 'new', input.runSuffix);
    const old = tempRelation(final, 'old', input.runSuffix);
    steps.push(...build(fresh));
    if (input.strictDrops) steps.push(...dropDependents(input));
    steps.push({
      sql: d.rename(final, input.existing.kind, old.identifier),
      label: `rename the previous ${final.identifier} away`,
    });
    steps.push({
      sql: d.rename(fresh, kind, final.identifier),
      label: `rename the new ${final.identifier} into place`,
    });
    steps.push({
      sql: d.drop(old, input.existing.kind, { cascade: !input.strictDrops }),
      label: `drop the previous ${final.identifier}`,
    });
    // After the drop: the previous table's partitions still hold the final names until then.
    if (kind === 'partitioned_table')
      steps.push({ sql: d.renamePartitions(final, fresh.identifier), label: 'rename partitions' });
    steps.push(...finishSteps(input, final, kind), ...recreateDependents(input));
  }
  steps.push(...input.postHooks.map((sql, i) => ({ sql, label: `post-hook ${i + 1}` })));
  return { steps, verb, kind };
}
