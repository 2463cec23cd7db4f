import { TsmodelError, nearestName } from '../errors/index.js';
import type { FixtureRow } from '../parse/unit-tests/types.js';

/** A unit test that cannot run: its error, and whether the test's own input is at fault (exit 2). */
export class UnitTestProblem extends Error {
  constructor(
    readonly error: TsmodelError,
    readonly badInput: boolean,
  ) {
    super(error.message);
  }
}

export function unknownColumn(what: string, name: string, have: readonly string[], from: string, row: FixtureRow) {
  const near = nearestName(name, have);
  return new TsmodelError('config', `${what}: column '${name}' does not exist in ${from}`, {
    location: row.location,
    hint: `${near ? `Did you mean '${near}'? ` : ''}Its columns: ${have.join(', ')}.`,
  });
}
