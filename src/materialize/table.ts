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

export function partitionConfig(
  input: Pick<MaterializeInput, 'node'>,
): { field: string; granularity: Granularity } | undefined {
  const p = input.node.config.partition_by;
  if (p === undefined || p === null) return undefined;
  if (typeof p !== 'object' || !('field' in p)) {
    throw new TsmodelError(
      'config',
      `${input.node.name}: partition_by must be {field: column, granularity: day|month|year}`,
      where(input),
    );
  }
  const o = p as Record<string, unknown>;
  const granularity = String(o.granularity ?? 'month') as Granularity;
  if (!GRANULARITIES.includes(granularity)) {
    throw new TsmodelError(
      'config',
      `${input.node.name}: partition_by.granularity '${granularity}' is not one of day, month, year`,
      where(input),
    );
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
    throw new TsmodelError(
      'config',
      `${input.node.name} has an enforced contract, so every column needs a data_type` +
        `${untyped.length ? ` (missing: ${untyped.join(', ')})` : ''}`,
      {
        ...where(input),
        hint: 'List every column the model returns with name and data_type under columns: in its YAML.',
      },
    );
  }
  const returned = new Set((input.queryColumns ?? []).map((c) => c.name));
  const names = new Set(declared.map((c) => c.name));
  const missing = [...names].filter((n) => !returned.has(n));
  const extra = [...returned].filter((n) => !names.has(n));
  if (input.queryColumns && (missing.length > 0 || extra.length > 0)) {
    throw new TsmodelError(
      'compile',
      `${input.node.name}: the query does not match its enforced contract` +
        `${missing.length ? `; declared but not returned: ${missing.join(', ')}` : ''}` +
        `${extra.length ? `; returned but not declared: ${extra.join(', ')}` : ''}`,
      {
        ...where(input),
        hint: 'Make the SELECT return exactly the declared columns, or update columns: in the YAML.',
      },
    );
  }
  const notNull = new Set(input.constraints.filter((c) => c.type === 'not_null').flatMap((c) => c.columns));
  return declared.map((c) => ({ name: c.name, type: c.data_type!, notNull: notNull.has(c.name) }));
}

/**
 * The statements that build a table (plain, partitioned, or with a contract)
 * under `target`, as the dialect writes them for the node (a Citus flavour
 * adds its distribution; PostgreSQL's are the plain ones).
 */
export function tableBuild(input: MaterializeInput, target: Relation): { kind: RelationKind; steps: Step[] } {
  const part = partitionConfig(input);
  const steps = input.dialect.tableBuildSteps({
    node: input.node,
    target,
    sql: input.compiledSql,
    partition: part && { ...part, stage: fitName(`tsmodel_stage_${input.runSuffix}_${target.identifier}`) },
    columns: !part && contractEnforced(input) ? contractColumns(input) : undefined,
  });
  return { kind: part ? 'partitioned_table' : 'table', steps };
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
