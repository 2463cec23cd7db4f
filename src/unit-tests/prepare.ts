import type { Adapter } from '../adapters/index.js';
import { describeQuery } from '../adapters/introspect.js';
import type { ColumnDef } from '../adapters/postgres-dialect.js';
import { TsmodelError } from '../errors/index.js';
import type { Graph } from '../graph/index.js';
import type { ParseEnv, ProjectNode } from '../parse/index.js';
import type { ColumnTypes } from './columns.js';
import { unknownColumn, UnitTestProblem } from './problems.js';
import { emptyRelationSql, quote, rowsSql } from './literals.js';
import { renderWithInputs } from './render.js';
import type { Fixture } from '../parse/unit-tests/types.js';

export interface PrepareContext {
  graph: Graph;
  penv: ParseEnv;
  adapter: Adapter;
  types: ColumnTypes;
}

/** An input whose rows were typed: where to look when a value does not cast. */
export interface TypedInput {
  columns: ColumnDef[];
  fixture: Fixture;
  what: string;
}

/**
 * A unit test ready to run: one query that returns, per distinct row (rows
 * equal by value, as PostgreSQL compares them, NULL equal to NULL), its text
 * on each side and how often the model returned it and the test expects it.
 */
export interface PreparedUnitTest {
  sql: string;
  columns: string[];
  /** The model's query over the fixture CTEs (to diagnose a failure). */
  modelQuery: string;
  inputs: TypedInput[];
}

/** Column aliases of the comparison query's result. */
export const side = (i: number, s: 'e' | 'a') => `__ut_${s}${i}`;

const literal = (v: string | null) => (v === null ? 'null' : `'${v.replace(/'/g, "''")}'`);

/**
 * Builds a unit test's query: every parent read by the model replaced by a
 * CTE (the given rows as typed literals, an empty relation of the parent's
 * columns, or an ephemeral parent inlined over them), the model's SQL
 * rendered on top with the test's overrides, and the expected rows united
 * with its rows (the expected literals take the model's column types).
 * Throws UnitTestProblem.
 */
export async function prepareUnitTest(node: ProjectNode, ctx: PrepareContext): Promise<PreparedUnitTest> {
  const spec = node.unitTest!;
  const model = ctx.graph.nodes.get(spec.modelId)!;
  const label = `unit test '${node.name}'`;
  const bad = (e: TsmodelError) => new UnitTestProblem(e, true);
  const ctes: string[] = [];
  const names = new Map<string, string>();
  const inputs: TypedInput[] = [];
  for (const g of spec.given) {
    const what = `${label}, input ${g.input}`;
    const cols = await ctx.types.forInput(g.nodeId, g.fixture);
    const name = `__ut_input_${names.size + 1}`;
    names.set(g.nodeId, name);
    if (g.fixture.format === 'sql') {
      ctes.push(`${name} as (\n${g.fixture.sql}\n)`);
      continue;
    }
    const have = cols.columns.map((c) => c.name);
    for (const r of g.fixture.rows)
      for (const c of Object.keys(r.values))
        if (!have.includes(c)) throw bad(unknownColumn(what, c, have, `${g.input} (columns from the ${cols.from})`, r));
    ctes.push(`${name} as (\n${rowsSql(cols.columns, g.fixture.rows)}\n)`);
    inputs.push({ columns: cols.columns, fixture: g.fixture, what });
  }
  const macros = spec.overrides.macros;
  const overrides = { vars: spec.overrides.vars, envVars: spec.overrides.envVars, macros };
  const render = (n: ProjectNode, isIncremental: boolean) => {
    try {
      return renderWithInputs(ctx.graph, ctx.penv, n, { cteFor: (id) => names.get(id), isIncremental, ...overrides });
    } catch (err) {
      throw new UnitTestProblem(err as TsmodelError, false);
    }
  };
  // A parent not given stands empty; an ephemeral one is inlined over the fixtures (as the build inlines it).
  const standIn = async (id: string): Promise<void> => {
    if (names.has(id)) return;
    const p = ctx.graph.nodes.get(id)!;
    if (p.config.materialized === 'ephemeral' && id !== model.uniqueId) {
      for (const pp of [...(ctx.graph.parents.get(id) ?? [])].sort()) await standIn(pp);
      const name = `__ut_input_${names.size + 1}`;
      ctes.push(`${name} as (\n${render(p, false)}\n)`);
      names.set(id, name);
      return;
    }
    const cols = await ctx.types.forInput(id);
    const input = p.resourceType === 'source' ? `source('${p.sourceName}', '${p.name}')` : `ref('${p.name}')`;
    if (cols.columns.length === 0)
      throw bad(
        new TsmodelError('config', `${label}: the columns of ${input} are unknown, so it cannot stand empty`, {
          location: node.location,
          hint:
            'Give it as an input (format: sql works for no rows: select 1::int as id where false), ' +
            'declare its columns with data_type, or build it first.',
        }),
      );
    const name = `__ut_input_${names.size + 1}`;
    names.set(id, name);
    ctes.push(`${name} as (${emptyRelationSql(cols.columns)})`);
  };
  for (const id of [...(ctx.graph.parents.get(model.uniqueId) ?? [])].sort()) await standIn(id);
  const incremental = macros.is_incremental === true || macros.is_incremental === 'true';
  // An incremental run reads `this`: empty unless the test gives its rows.
  if (incremental && !names.has(model.uniqueId)) await standIn(model.uniqueId);
  const modelSql = render(model, incremental);
  const withInputs = ctes.length ? `with ${ctes.join(',\n')}\n` : '';
  const modelQuery = `${withInputs}select * from (\n${modelSql}\n) as ${quote('__ut_model')}`;

  const { columns, branches } = await expectedBranches(node, ctx, label);
  const cols = columns.map(quote);
  const list = (prefix = '') => cols.map((c) => `${prefix}${c}`).join(', ');
  const both = [`select 0 as __ut_side${cols.length ? `, ${list()}` : ''} from __ut_actual`, ...branches];
  const texts = columns.flatMap((_c, i) => [
    `min(cast(${cols[i]} as text)) filter (where __ut_side = 1) as ${side(i, 'e')}`,
    `min(cast(${cols[i]} as text)) filter (where __ut_side = 0) as ${side(i, 'a')}`,
  ]);
  const sql = `${withInputs ? `${withInputs},\n` : 'with '}__ut_actual as (
select ${cols.length ? list() : '1 as __ut_one'} from (
${modelSql}
) as ${quote('__ut_model')}
),
__ut_both as (
${both.join('\nunion all ')}
)
select ${[...texts, 'count(*) filter (where __ut_side = 1) as __ut_ne', 'count(*) filter (where __ut_side = 0) as __ut_na'].join(',\n  ')}
from __ut_both${cols.length ? `\ngroup by ${list()}` : ''}`;
  return { sql, columns, modelQuery, inputs };
}

/** The expected rows as branches of the union: literals (typed by the model's columns) or the expect: query. */
async function expectedBranches(
  node: ProjectNode,
  ctx: PrepareContext,
  label: string,
): Promise<{ columns: string[]; branches: string[] }> {
  const fixture = node.unitTest!.expect;
  if (fixture.format !== 'sql') {
    const columns = fixture.columns;
    const branches = fixture.rows.map(
      (r) => `select 1${columns.map((c) => `, ${literal(r.values[c] ?? null)}`).join('')}`,
    );
    return { columns, branches };
  }
  let defs: ColumnDef[];
  try {
    defs = await describeQuery(ctx.adapter, fixture.sql);
  } catch (err) {
    throw new UnitTestProblem(
      new TsmodelError('config', `${label}, expect: the query does not run: ${(err as Error).message}`, {
        location: fixture.location,
      }),
      true,
    );
  }
  const columns = defs.map((d) => d.name);
  return {
    columns,
    branches: [`select 1${columns.map((c) => `, e.${quote(c)}`).join('')} from (\n${fixture.sql}\n) as e`],
  };
}
