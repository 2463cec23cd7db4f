/**
 * The queries a test runs on its own: its failing rows (as compiled) counted
 * with fail_calc, the rows it evaluated, and a few failing rows to show.
 */

/** The failing rows, at most `limit` of them (dbt's limit config). */
export function limitedSql(testSql: string, limit: number | undefined): string {
  return limit === undefined ? testSql : `select * from (\n${testSql}\n) dbt_limited\nlimit ${limit}`;
}

/** One row: failures (fail_calc over the failing rows) and evaluated (NULL when there is no query for it). */
export function countQuery(
  testSql: string,
  failCalc: string,
  limit: number | undefined,
  evaluatedSql: string | undefined,
): string {
  return (
    `select\n  (select ${failCalc} from (\n${limitedSql(testSql, limit)}\n) dbt_internal_test) as failures,\n` +
    `  ${evaluatedSql ? `(\n${evaluatedSql}\n)` : 'null'} as evaluated`
  );
}

export const SAMPLE_SIZE = 5;

export function sampleQuery(testSql: string, limit: number | undefined): string {
  return `select * from (\n${limitedSql(testSql, limit)}\n) dbt_internal_test\nlimit ${SAMPLE_SIZE}`;
}
