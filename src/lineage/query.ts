import type { Env } from './env.js';
import { columnFields, exprLin, valueLin, type ExprContext } from './expr.js';
import { addFromItem } from './from.js';
import { addLin, emptyLin, mergeLins, unknownLin, type Lin } from './lin.js';
import { figureColname } from './names.js';
import { list, nodeOf, obj, str, sval, type Ast } from './parser.js';
import { expandStar, newScope, querySource, type Col, type QueryResult } from './scope.js';

/** The lineage of a SELECT (or VALUES, or a set operation), with its WITH clause. */
export function analyzeQuery(node: Ast, env: Env): QueryResult {
  // Subqueries come wrapped (`{ SelectStmt: … }`); set operations' arms do not.
  const wrapped = nodeOf(node);
  const stmt = wrapped && wrapped[0] === 'SelectStmt' ? wrapped[1] : node;
  const withEnv = obj(stmt.withClause) ? withCtes(obj(stmt.withClause)!, env) : env;
  const op = str(stmt.op) ?? 'SETOP_NONE';
  if (op !== 'SETOP_NONE') {
    const left = analyzeQuery(obj(stmt.larg) ?? {}, withEnv);
    const right = analyzeQuery(obj(stmt.rarg) ?? {}, withEnv);
    const columns = left.columns.map((c, i) => ({
      name: c.name,
      lin: mergeLins([c.lin, right.columns[i]?.lin ?? emptyLin()]),
    }));
    return { columns, rows: mergeLins([left.rows, right.rows]), incomplete: left.incomplete ?? right.incomplete };
  }
  if (stmt.valuesLists !== undefined) return values(stmt, withEnv);
  return select(stmt, withEnv);
}

function withCtes(clause: Ast, env: Env): Env {
  const ctes = new Map<string, QueryResult>();
  const inner: Env = { ...env, ctes: [...env.ctes, ctes] };
  for (const item of list(clause.ctes)) {
    const cte = nodeOf(item)?.[1];
    if (!cte) continue;
    const name = str(cte.ctename) ?? '?';
    const colnames = list(cte.aliascolnames).map((c) => sval(c) ?? '?');
    const query = nodeOf(cte.ctequery);
    if (!query || query[0] !== 'SelectStmt') {
      ctes.set(name, { columns: [], rows: emptyLin(), incomplete: `CTE ${name} is not a SELECT` });
      continue;
    }
    const body = query[1];
    // A recursive CTE reads itself: its first (non-recursive) arm gives the columns the rest sees.
    if (clause.recursive === true && str(body.op) === 'SETOP_UNION') {
      const seed = analyzeQuery(obj(body.larg) ?? {}, inner);
      ctes.set(name, asCte(seed, colnames));
    }
    ctes.set(name, asCte(analyzeQuery(body, inner), colnames));
  }
  return inner;
}

function asCte(result: QueryResult, colnames: readonly string[]): QueryResult {
  const source = querySource(undefined, result, colnames);
  return { ...result, columns: source.columns };
}

function values(stmt: Ast, env: Env): QueryResult {
  const ctx: ExprContext = { scope: newScope(env.outer), env, windows: new Map() };
  const rows = list(stmt.valuesLists).map((r) => list(nodeOf(r)?.[1].items));
  const width = rows[0]?.length ?? 0;
  const columns: Col[] = [];
  for (let i = 0; i < width; i++)
    columns.push({ name: `column${i + 1}`, lin: mergeLins(rows.map((r) => valueLin(r[i], ctx))) });
  return { columns, rows: emptyLin() };
}

function select(stmt: Ast, env: Env): QueryResult {
  const scope = newScope(env.outer);
  const windows = new Map<string, unknown>();
  for (const w of list(stmt.windowClause)) {
    const def = nodeOf(w)?.[1];
    if (def && str(def.name)) windows.set(str(def.name)!, def);
  }
  const ctx: ExprContext = { scope, env, windows };
  const rows = emptyLin();
  for (const item of list(stmt.fromClause)) addFromItem(item, scope, ctx, rows);

  const columns: Col[] = [];
  let incomplete: string | undefined;
  for (const target of list(stmt.targetList)) {
    const t = nodeOf(target)?.[1] ?? {};
    const ref = nodeOf(t.val);
    const fields = ref && ref[0] === 'ColumnRef' ? columnFields(ref[1]) : [];
    if (fields.at(-1) === '*') {
      const star = expandStar(scope, fields.at(-2));
      columns.push(...star.columns);
      incomplete ??= star.incomplete;
      continue;
    }
    columns.push({ name: str(t.name) ?? figureColname(t.val), lin: valueLin(t.val, ctx) });
  }

  if (stmt.whereClause !== undefined) addLin(rows, exprLin(stmt.whereClause, ctx), 'filter');
  if (stmt.havingClause !== undefined) addLin(rows, exprLin(stmt.havingClause, ctx), 'filter');
  for (const g of list(stmt.groupClause)) addLin(rows, groupItem(g, ctx, columns), 'group');
  for (const d of list(stmt.distinctClause))
    if (d && Object.keys(obj(d) ?? {}).length > 0) addLin(rows, groupItem(d, ctx, columns), 'group');
  // ORDER BY decides which rows there are only when LIMIT / FETCH cuts them.
  if (stmt.limitCount !== undefined)
    for (const s of list(stmt.sortClause)) addLin(rows, groupItem(obj(nodeOf(s)?.[1])?.node, ctx, columns), 'filter');
  return { columns, rows, incomplete };
}

/** A GROUP BY / DISTINCT ON / ORDER BY item: an ordinal or an output column's name stands for that output column. */
function groupItem(item: unknown, ctx: ExprContext, columns: Col[]): Lin {
  const n = nodeOf(item);
  if (!n) return emptyLin();
  const [kind, body] = n;
  if (kind === 'A_Const' && obj(body.ival)) {
    const i = Number(obj(body.ival)!.ival ?? 0) - 1;
    return columns[i]?.lin ?? unknownLin(`GROUP BY position ${i + 1} is not an output column`);
  }
  if (kind === 'GroupingSet') return mergeLins(list(body.content).map((c) => groupItem(c, ctx, columns)));
  if (kind === 'ColumnRef') {
    const fields = columnFields(body);
    const lin = exprLin(item, ctx);
    const alias = fields.length === 1 ? columns.findIndex((c) => c.name === fields[0]) : -1;
    if (lin.deps.size === 0 && lin.unknown.size > 0 && alias >= 0) return columns[alias]!.lin;
    return lin;
  }
  return exprLin(item, ctx);
}
