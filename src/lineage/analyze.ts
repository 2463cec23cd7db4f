import type { Env } from './env.js';
import { addLin, sortedDeps } from './lin.js';
import { parseStatements, nodeOf } from './parser.js';
import { analyzeQuery } from './query.js';
import type { NodeLineage, RelationResolver } from './types.js';

/**
 * The column lineage of one compiled query: each output column's upstream columns (what decides the rows —
 * joins, filters, grouping — counts for every column). Unparseable SQL or a statement that is not a query
 * gives no columns and the reason; nothing is guessed.
 */
export function analyzeSql(sql: string, resolver: RelationResolver): NodeLineage {
  const parsed = parseStatements(sql);
  if ('error' in parsed) return { columns: [], unknown: [`PostgreSQL's parser rejects the SQL: ${parsed.error}`] };
  const queries = parsed.statements.filter((s) => nodeOf(s)?.[0] === 'SelectStmt');
  if (queries.length !== 1 || parsed.statements.length !== 1)
    return { columns: [], unknown: ['the compiled SQL is not a single SELECT statement'] };
  const env: Env = { ctes: [], resolver, analyze: analyzeQuery };
  const result = analyzeQuery(nodeOf(queries[0])![1], env);
  const columns = result.columns.map((col) => {
    const lin = addLin(addLin({ deps: new Map(), unknown: new Set() }, col.lin), result.rows);
    const unknown = [...lin.unknown].sort();
    return { name: col.name, upstream: sortedDeps(lin), ...(unknown.length > 0 ? { unknown } : {}) };
  });
  return { columns, ...(result.incomplete ? { unknown: [result.incomplete] } : {}) };
}
