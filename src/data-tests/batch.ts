import { countOf } from './rows.js';

/** A row-level test counted in a shared scan: its failing-row predicate and its where filter. */
export interface BatchMember {
  uniqueId: string;
  predicate: string;
  where?: string;
  limit?: number;
}

export interface Counts {
  failures: number;
  evaluated: number;
}

/** At most this many tests per aggregate query (two columns each; PostgreSQL allows 1664). */
export const MAX_BATCH = 200;

/**
 * One scan of the relation counting, for every member, the rows its where
 * filter keeps (evaluated) and among them the rows its predicate is true for
 * (failures). A predicate that is NULL counts as passing, exactly as
 * `where <predicate>` does in the test run alone.
 */
export function batchQuery(relationSql: string, members: readonly BatchMember[]): string {
  const cols = members.map((m, i) => {
    const where = m.where ? `(${m.where})` : undefined;
    const evaluated = where ? `count(*) filter (where ${where})` : 'count(*)';
    const failing = `count(*) filter (where ${where ? `${where} and ` : ''}(${m.predicate}))`;
    return `  ${evaluated} as e_${i},\n  ${failing} as f_${i}`;
  });
  return `select\n${cols.join(',\n')}\nfrom ${relationSql}`;
}

/** The counts of each member, `limit` applied as the test alone applies it. */
export function readBatchRow(
  row: Readonly<Record<string, unknown>>,
  members: readonly BatchMember[],
): Map<string, Counts> {
  const out = new Map<string, Counts>();
  members.forEach((m, i) => {
    const failing = countOf(row[`f_${i}`]);
    out.set(m.uniqueId, {
      failures: m.limit === undefined ? failing : Math.min(failing, m.limit),
      evaluated: countOf(row[`e_${i}`]),
    });
  });
  return out;
}
