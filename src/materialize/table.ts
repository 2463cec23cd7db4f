import type { RelationKind } from '../adapters/postgres-dialect.js';
import { fitName } from '../adapters/postgres-dialect.js';
import { TsmodelError } from '../errors/index.js';
import type { Relation } from '../parse/index.js';
import { buildAndSwap } from './swap.js';
import type { Materialization, MaterializeInput, Step } from './types.js';

const GRANULARITIES = ['day', 'month', 'year'] as const;
type Granularity = (typeof GRANULARITIES)[number];

function where(input: Pick<MaterializeInput, 'node'>) {
  return { location: { file: input.node.patchPath ?? input.node.originalFilePath } };
}

export function partitionConfig(input: Pick<MaterializeInput, 'node'>): { field: string; granularity: Granularity } | undefined {
  const p = input.node.config.partition_by;
  if (p === undefined || p === null) return undefined;
  if (typeof p !== 'object' || !('field' in p)) {
    throw new TsmodelError('config', `${input.node.name}: partition_by must be {field: column, granularity: day|month|year}`, where(input));
  }
  const o = p as Record<string, unknown>;
  const granularity = String(o.granularity ?? 'month') as Granularity;
  if (!GRANULARITIES.includes(granularity)) {
    throw new TsmodelError('config', `${input.node.name}: partition_by.granularity '${granularity}' is not one of day, month, year`, where(input));
  }
  return { field: String(o.field), granularity };
}

export function contractEnforced(input: Pick<MaterializeInput, 'node'>): boolean {
  const c = input.node.config.contract as { enforced?: unknown } | undefined;
  return Boolean(c && c.enforced);
}

/** Declared columns of an enforced contract, checked against what the query returns. */
function contractColumns(input: MaterializeInput) {
  const declared = Object.values(input.node.columns);
  const untyped = declared.filter((c) => !c.data_type).map((c) => c.name);
  if (declared.length === 0 || untyped.length > 0) {
    throw new TsmodelError('config', `${input.node.name} has an enforced contract, so every column needs a data_type${untyped.length ? ` (missing: ${untyped.join(', ')})` : ''}`, {
      ...where(input),
      hint: 'List every column the model returns with name and data_type under columns: in its YAML.',
    });
  }
  const returned = new Set((input.queryColumns ?? []).map((c) => c.name));
  const names = new Set(declared.map((c) => c.name));
  const missing = [...names].filter((n) => !returned.has(n));
  const extra = [...returned].filter((n) => !names.has(n));
  if (input.queryColumns && (missing.length > 0 || extra.length > 0)) {
    throw new TsmodelError('compile', `${input.node.name}: the query does not match its enforced contract${missing.length ? `; declared but not returned: ${missing.join(', ')}` : ''}${extra.length ? `; returned but not declared: ${extra.join(', ')}` : ''}`, {
      ...where(input),
      hint: 'Make the SELECT return exactly the declared columns, or update columns: in the YAML.',
    });
  }
  const notNull = new Set(input.constraints.filter((c) => c.type === 'not_null').flatMap((c) => c.columns));
  return declared.map((c) => ({ name: c.name, type: c.data_type!, notNull: notNull.has(c.name) }));
}

/** The statements that build a table (plain, partitioned, or with a contract) under `target`. */
export function tableBuild(input: MaterializeInput, target: Relation): { kind: RelationKind; steps: Step[] } {
  const d = input.dialect;
  const part = partitionConfig(input);
  if (part) {
    const stage = fitName(`tsmodel_stage_${input.runSuffix}_${target.identifier}`);
    return {
      kind: 'partitioned_table',
      steps: [
        { sql: d.createTableAs({ schema: '', identifier: stage }, input.compiledSql, { temporary: true, onCommitDrop: true }), label: 'stage the query result' },
        { sql: d.createPartitionedLike(target, stage, part.field), label: `create table partitioned by range (${part.field})` },
        { sql: d.createPartitions(target, stage, part.field, part.granularity), label: `create ${part.granularity} partitions` },
        { sql: d.insertAllFromTemp(target, stage), label: 'load partitions', countsRows: true },
      ],
    };
  }
  if (contractEnforced(input)) {
    const cols = contractColumns(input);
    return {
      kind: 'table',
      steps: [
        { sql: d.createTable(target, cols), label: 'create table with its contract' },
        { sql: d.insertSelect(target, cols.map((c) => c.name), input.compiledSql), label: 'insert rows', countsRows: true },
      ],
    };
  }
  return { kind: 'table', steps: [{ sql: d.createTableAs(target, input.compiledSql), label: 'create table as', countsRows: true }] };
}

export const table: Materialization = {
  name: 'table',
  needsColumns: (input) => contractEnforced(input),
  needsDependents: (input) => input.existing !== undefined,
  plan: (input) => {
    const kind = partitionConfig(input) ? 'partitioned_table' : 'table';
    return buildAndSwap(input, kind, 'created table', (target) => tableBuild(input, target).steps);
  },
};
