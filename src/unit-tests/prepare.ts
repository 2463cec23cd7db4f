import type { Adapter } from '../adapters/index.js';
import { describeQuery } from '../adapters/introspect.js';
import type { ColumnDef } from '../adapters/postgres-dialect.js';
import { TsmodelError, nearestName } from '../errors/index.js';
import type { Graph } from '../graph/index.js';
import type { ParseEnv, ProjectNode } from '../parse/index.js';
import type { ColumnTypes } from './columns.js';
import { emptyRelationSql, quote, rowsSql, typedLiteral } from './literals.js';
import { describeInput } from './nodes.js';
import { renderWithInputs } from './render.js';
import type { Cell, Fixture, FixtureRow } from './types.js';

export interface PrepareContext {
  graph: Graph;
  penv: ParseEnv;
  adapter: Adapter;
  types: ColumnTypes;
}

/** A unit test ready to run: the query of the model's rows on the fixtures, and the expected rows as text. */
export interface PreparedUnitTest {
  /** Selects the compared columns as canonical text. */
  sql: string;
  columns: string[];
  expected: Cell[][];
}

/** Bad input (exit 2, nothing runs) or a failure of the model's own query on the fixtures (the unit test errors). */
export class UnitTestProblem extends Error {
  constructor(
    readonly error: TsmodelError,
    readonly badInput: boolean,
  ) {
    super(error.message);
  }
}

const isDataError = (err: unknown) => /^22/.test((err as { sqlstate?: string }).sqlstate ?? '');

/** Text that compares equal when the values are equal: numerics without trailing zeros, JSON normalized. */
function canonical(expr: string, type: string): string {
  if (/^numeric/.test(type)) return `cast(trim_scale(${expr}) as text)`;
  if (/^json/.test(type)) return `cast(cast(${expr} as jsonb) as text)`;
  return `cast(${expr} as text)`;
}

/** Finds the value that does not cast (one query per value, only once a query failed). */
async function badCell(adapter: Adapter, columns: readonly ColumnDef[], rows: readonly FixtureRow[], what: string) {
  for (const r of rows) {
    for (const c of columns) {
      const v = r.values[c.name];
      if (v === undefined || v === null) continue;
      try {
        await adapter.query(`select ${typedLiteral(v, c.type)}`);
      } catch (err) {
        return new TsmodelError(
          'config',
          `${what}: value '${v}' of column ${c.name} is not a valid ${c.type} (${(err as Error).message})`,
          { location: r.location, hint: `Write a value PostgreSQL reads as ${c.type}, or null.` },
        );
      }
    }
  }
  return undefined;
}

function unknownColumn(what: string, name: string, have: readonly string[], from: string, row: FixtureRow) {
  const near = nearestName(name, have);
  return new TsmodelError('config', `${what}: column '${name}' does not exist in ${from}`, {
    location: row.location,
    hint: `${near ? `Did you mean '${near}'? ` : ''}Its columns: ${have.join(', ')}.`,
  });
}

/** Builds a unit test's query and expected rows; throws UnitTestProblem. */
export async function prepareUnitTest(node: ProjectNode, ctx: PrepareContext): Promise<PreparedUnitTest> {
  const spec = node.unitTest!;
  const model = ctx.graph.nodes.get(spec.modelId)!;
  const label = `unit test '${node.name}'`;
  const bad = (e: TsmodelError) => new UnitTestProblem(e, true);
  const ctes: string[] = [];
  const names = new Map<string, string>();
  const typed: { columns: ColumnDef[]; fixture: Fixture; what: string }[] = [];
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
    typed.push({ columns: cols.columns, fixture: g.fixture, what });
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
    if (p.config.materialized === 'ephemeral') {
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
          hint: `Give it as an input (format: sql works for no rows: select 1::int as id where false), declare its columns with data_type, or build it first.`,
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
  const full = `${withInputs}select * from (\n${modelSql}\n) as ${quote('__ut_model')}`;
  let actual: ColumnDef[];
  try {
    actual = await describeQuery(ctx.adapter, full);
  } catch (err) {
    if (isDataError(err))
      for (const t of typed) {
        const e = await badCell(ctx.adapter, t.columns, t.fixture.format === 'sql' ? [] : t.fixture.rows, t.what);
        if (e) throw bad(e);
      }
    throw new UnitTestProblem(
      new TsmodelError(
        'database',
        `${label}: model '${model.name}' failed on the given rows: ${(err as Error).message}`,
        {
          location: node.location,
          hint: 'The model query itself fails on these inputs: check the given rows and the model.',
          cause: err,
        },
      ),
      false,
    );
  }
  const expected = await expectedRows(node, ctx, actual, label);
  const typeOf = new Map(actual.map((c) => [c.name, c.type]));
  const projection = expected.columns
    .map((c) => `${canonical(`${quote('__ut_model')}.${quote(c)}`, typeOf.get(c)!)} as ${quote(c)}`)
    .join(', ');
  return {
    sql: `${withInputs}select ${projection} from (\n${modelSql}\n) as ${quote('__ut_model')}`,
    columns: expected.columns,
    expected: expected.rows,
  };
}

/** The expected rows as canonical text of the model's column types (cast through the database). */
async function expectedRows(
  node: ProjectNode,
  ctx: PrepareContext,
  actual: readonly ColumnDef[],
  label: string,
): Promise<{ columns: string[]; rows: Cell[][] }> {
  const fixture = node.unitTest!.expect;
  const what = `${label}, expect`;
  const have = actual.map((c) => c.name);
  const typeOf = new Map(actual.map((c) => [c.name, c.type]));
  const model = node.unitTest!.model;
  if (fixture.format === 'sql') {
    const cols = await describeQuery(ctx.adapter, fixture.sql).catch((err: Error) => {
      throw new UnitTestProblem(
        new TsmodelError('config', `${what}: the query does not run: ${err.message}`, { location: fixture.location }),
        true,
      );
    });
    for (const c of cols)
      if (!typeOf.has(c.name))
        throw new UnitTestProblem(
          new TsmodelError('config', `${what}: column '${c.name}' does not exist in model '${model}'`, {
            location: fixture.location,
            hint: `Its columns: ${have.join(', ')}.`,
          }),
          true,
        );
    const columns = cols.map((c) => c.name);
    const res = await ctx.adapter.query(
      `select ${columns.map((c) => `${canonical(`cast(e.${quote(c)} as ${typeOf.get(c)})`, typeOf.get(c)!)} as ${quote(c)}`).join(', ')} from (\n${fixture.sql}\n) as e`,
    );
    return { columns, rows: res.rows.map((r) => columns.map((c) => (r[c] === null ? null : String(r[c])))) };
  }
  for (const r of fixture.rows)
    for (const c of Object.keys(r.values))
      if (!typeOf.has(c)) throw new UnitTestProblem(unknownColumn(what, c, have, `model '${model}'`, r), true);
  const columns = fixture.columns;
  if (fixture.rows.length === 0) return { columns, rows: [] };
  const defs = columns.map((c) => ({ name: c, type: typeOf.get(c)! }));
  const sql = fixture.rows
    .map(
      (r) =>
        `select ${defs.map((d) => `${canonical(typedLiteral(r.values[d.name] ?? null, d.type), d.type)} as ${quote(d.name)}`).join(', ')}`,
    )
    .join('\nunion all ');
  try {
    const res = await ctx.adapter.query(sql);
    return { columns, rows: res.rows.map((r) => columns.map((c) => (r[c] === null ? null : String(r[c])))) };
  } catch (err) {
    const e = isDataError(err) ? await badCell(ctx.adapter, defs, fixture.rows, what) : undefined;
    throw new UnitTestProblem(
      e ?? new TsmodelError('config', `${what}: ${(err as Error).message}`, { location: fixture.location }),
      true,
    );
  }
}
