import { UnitTestProblem, unknownColumn } from './problems.js';
import type { Adapter } from '../adapters/index.js';
import { describeQuery } from '../adapters/introspect.js';
import type { ColumnDef } from '../adapters/postgres-dialect.js';
import { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/index.js';
import { typedLiteral } from './literals.js';
import type { PreparedUnitTest } from './prepare.js';
import type { FixtureRow } from '../parse/unit-tests/types.js';

/** Bad input (exit 2, nothing runs) or a failure of the model's own query on the fixtures (the unit test errors). */
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

/** Errors that can come from the fixtures: a value that does not cast, a column that does not exist, types that do not match. */
const FIXTURE_STATES = /^(22|42703$|42804$)/;

/**
 * Why a unit test's query failed. The fixtures are looked at first (a given
 * or expected value that does not cast to its column, an expected column the
 * model does not return): that is bad input, located at its YAML line.
 * Otherwise the model's own query fails on these rows: the test errors.
 */
export async function diagnose(
  node: ProjectNode,
  prepared: PreparedUnitTest,
  adapter: Adapter,
  err: unknown,
): Promise<UnitTestProblem> {
  const label = `unit test '${node.name}'`;
  const model = node.unitTest!.model;
  const failed = (e: unknown) =>
    new UnitTestProblem(
      new TsmodelError('database', `${label}: model '${model}' failed on the given rows: ${(e as Error).message}`, {
        location: node.location,
        hint: 'The model query itself fails on these inputs: check the given rows and the model.',
        cause: e,
      }),
      false,
    );
  if (!FIXTURE_STATES.test((err as { sqlstate?: string }).sqlstate ?? '')) return failed(err);
  for (const t of prepared.inputs) {
    const e = await badCell(adapter, t.columns, t.fixture.format === 'sql' ? [] : t.fixture.rows, t.what);
    if (e) return new UnitTestProblem(e, true);
  }
  let actual: ColumnDef[];
  try {
    actual = await describeQuery(adapter, prepared.modelQuery);
  } catch (e) {
    return failed(e);
  }
  const expect = node.unitTest!.expect;
  if (expect.format === 'sql') return failed(err);
  const have = actual.map((c) => c.name);
  const what = `${label}, expect`;
  for (const r of expect.rows)
    for (const c of Object.keys(r.values))
      if (!have.includes(c)) return new UnitTestProblem(unknownColumn(what, c, have, `model '${model}'`, r), true);
  const defs = expect.columns.map((c) => actual.find((a) => a.name === c)!);
  const e = await badCell(adapter, defs, expect.rows, what);
  return e ? new UnitTestProblem(e, true) : failed(err);
}

export { UnitTestProblem, unknownColumn };
