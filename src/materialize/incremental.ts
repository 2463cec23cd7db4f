import type { ColumnDef } from '../adapters/postgres-dialect.js';
import { fitName } from '../adapters/postgres-dialect.js';
import { TsmodelError } from '../errors/index.js';
import { buildAndSwap } from './swap.js';
import { contractEnforced, partitionConfig, tableBuild } from './table.js';
import type { Materialization, MaterializeInput, Step } from './types.js';

const STRATEGIES = ['append', 'merge', 'delete+insert'] as const;
const ON_SCHEMA_CHANGE = ['ignore', 'append_new_columns', 'sync_all_columns', 'fail'] as const;

function uniqueKey(input: MaterializeInput): string[] {
  const k = input.node.config.unique_key;
  if (k === undefined || k === null || k === '') return [];
  return (Array.isArray(k) ? k : String(k).split(',')).map((x) => String(x).trim()).filter(Boolean);
}

function fail(input: MaterializeInput, message: string, hint?: string): never {
  throw new TsmodelError('config', `${input.node.name}: ${message}`, {
    location: { file: input.node.patchPath ?? input.node.originalFilePath },
    hint,
  });
}

function strategyOf(input: MaterializeInput, keys: string[]): (typeof STRATEGIES)[number] {
  const raw = input.node.config.incremental_strategy;
  // dbt-postgres' default: append without a unique_key, delete+insert with one.
  const s = String(raw ?? (keys.length > 0 ? 'delete+insert' : 'append'));
  if (!(STRATEGIES as readonly string[]).includes(s))
    fail(input, `incremental_strategy '${s}' is not one of ${STRATEGIES.join(', ')}`);
  if (s !== 'append' && keys.length === 0)
    fail(input, `incremental_strategy '${s}' needs a unique_key`, "Set unique_key: 'id' (or a list) in its config.");
  return s as (typeof STRATEGIES)[number];
}

/** Compares the query's columns to the table's and decides what on_schema_change does. */
function schemaChange(input: MaterializeInput): { steps: Step[]; columns: string[] } {
  const d = input.dialect;
  const mode = String(input.node.config.on_schema_change ?? 'ignore');
  if (!(ON_SCHEMA_CHANGE as readonly string[]).includes(mode))
    fail(input, `on_schema_change '${mode}' is not one of ${ON_SCHEMA_CHANGE.join(', ')}`);
  const existing = input.existing!.columns;
  const incoming: ColumnDef[] = input.queryColumns ?? [];
  const have = new Map(existing.map((c) => [c.name, c]));
  const want = new Map(incoming.map((c) => [c.name, c]));
  const added = incoming.filter((c) => !have.has(c.name));
  const removed = existing.filter((c) => !want.has(c.name));
  const retyped = incoming.filter((c) => have.has(c.name) && have.get(c.name)!.type !== c.type);
  const common = incoming.filter((c) => have.has(c.name)).map((c) => c.name);
  const changed = added.length + removed.length + retyped.length > 0;
  if (!changed || mode === 'ignore') return { steps: [], columns: common };
  if (mode === 'fail') {
    const parts = [
      added.length ? `new columns: ${added.map((c) => c.name).join(', ')}` : '',
      removed.length ? `missing columns: ${removed.map((c) => c.name).join(', ')}` : '',
      retyped.length
        ? `changed types: ${retyped.map((c) => `${c.name} ${have.get(c.name)!.type} → ${c.type}`).join(', ')}`
        : '',
    ].filter(Boolean);
    fail(
      input,
      `the query's columns no longer match the table (${parts.join('; ')}) and on_schema_change is 'fail'`,
      'Run with --full-refresh to rebuild it, or set on_schema_change to append_new_columns or sync_all_columns.',
    );
  }
  const r = input.relation;
  const steps: Step[] = added.map((c) => ({ sql: d.addColumn(r, c), label: `add column ${c.name}` }));
  if (mode === 'sync_all_columns') {
    steps.push(...removed.map((c) => ({ sql: d.dropColumn(r, c.name), label: `drop column ${c.name}` })));
    steps.push(
      ...retyped.map((c) => ({ sql: d.alterColumnType(r, c), label: `change type of ${c.name} to ${c.type}` })),
    );
  }
  return { steps, columns: incoming.map((c) => c.name) };
}

function incrementalPlan(input: MaterializeInput) {
  const d = input.dialect;
  const keys = uniqueKey(input);
  const strategy = strategyOf(input, keys);
  const temp = fitName(`tsmodel_incr_${input.runSuffix}_${input.relation.identifier}`);
  const { steps: changeSteps, columns } = schemaChange(input);
  const steps: Step[] = input.preHooks.map((sql, i) => ({ sql, label: `pre-hook ${i + 1}` }));
  steps.push({
    sql: d.createTableAs({ schema: '', identifier: temp }, input.compiledSql, { temporary: true, onCommitDrop: true }),
    label: 'stage new rows',
  });
  steps.push(...changeSteps);
  if (strategy === 'append') {
    steps.push({ sql: d.insertFromTemp(input.relation, temp, columns), label: 'append new rows', countsRows: true });
  } else if (strategy === 'delete+insert') {
    steps.push({
      sql: d.deleteMatching(input.relation, temp, keys),
      label: `delete rows matching on ${keys.join(', ')}`,
    });
    steps.push({ sql: d.insertFromTemp(input.relation, temp, columns), label: 'insert new rows', countsRows: true });
  } else {
    const updates = columns.filter((c) => !keys.includes(c));
    steps.push({
      sql: d.merge(input.relation, temp, keys, columns, updates),
      label: `merge on ${keys.join(', ')}`,
      countsRows: true,
    });
  }
  steps.push(...input.postHooks.map((sql, i) => ({ sql, label: `post-hook ${i + 1}` })));
  return { steps, verb: `${strategy === 'merge' ? 'merged into' : 'inserted into'}`, kind: input.existing!.kind };
}

const isTableKind = (input: Pick<MaterializeInput, 'existing'>) =>
  input.existing?.kind === 'table' || input.existing?.kind === 'partitioned_table';

export const incremental: Materialization = {
  name: 'incremental',
  needsColumns: (input) => (input.incremental && isTableKind(input)) || contractEnforced(input),
  needsDependents: (input) => input.existing !== undefined && !(input.incremental && isTableKind(input)),
  plan: (input) => {
    if (input.incremental && isTableKind(input)) return incrementalPlan(input);
    const kind = partitionConfig(input) ? 'partitioned_table' : 'table';
    return buildAndSwap(input, kind, 'created table', (target) => tableBuild(input, target).steps);
  },
};
