import type { Env } from './env.js';
import { addLin, emptyLin, type Lin } from './lin.js';
import { list, nodeOf, obj, str, sval, type Ast } from './parser.js';
import { resolveColumn, wholeRow, type Scope } from './scope.js';

/** Where an expression is evaluated: its query level, the env, and the query's named windows. */
export interface ExprContext {
  scope: Scope;
  env: Env;
  windows: ReadonlyMap<string, unknown>;
}

/** The column's fields as names; `t.*` ends in '*'. */
export function columnFields(ref: Ast): string[] {
  return list(ref.fields).map((f) => sval(f) ?? (nodeOf(f)?.[0] === 'A_Star' ? '*' : '?'));
}

/** A bare column reference (a copy when it is an output column). */
export function isBareColumn(expr: unknown): boolean {
  const n = nodeOf(expr);
  return n !== undefined && n[0] === 'ColumnRef' && columnFields(n[1]).at(-1) !== '*';
}

function subLinkLin(body: Ast, ctx: ExprContext): Lin {
  const out = emptyLin();
  if (body.testexpr !== undefined) addLin(out, exprLin(body.testexpr, ctx), 'transform');
  const sub = ctx.env.analyze(obj(body.subselect) ?? {}, { ...ctx.env, outer: ctx.scope });
  const type = str(body.subLinkType);
  // EXISTS reads no value of the subquery; its rows (WHERE, joins) are what it depends on.
  if (type !== 'EXISTS_SUBLINK') for (const col of sub.columns.slice(0, 1)) addLin(out, col.lin, 'transform');
  addLin(out, sub.rows);
  return out;
}

/**
 * What an expression's value depends on, each column as it is (a bare column stays a copy; the caller
 * says how the whole expression uses it). Subqueries are analysed with this level as their outer scope.
 */
export function exprLin(expr: unknown, ctx: ExprContext): Lin {
  const out = emptyLin();
  walk(expr, ctx, out);
  return out;
}

function walk(value: unknown, ctx: ExprContext, out: Lin): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, ctx, out);
    return;
  }
  const n = nodeOf(value);
  if (!n) {
    const o = obj(value);
    if (o) for (const v of Object.values(o)) walk(v, ctx, out);
    return;
  }
  const [kind, body] = n;
  if (kind === 'ColumnRef') {
    const fields = columnFields(body);
    if (fields.at(-1) === '*') {
      const table = fields.at(-2);
      const lin = table === undefined ? undefined : wholeRow(ctx.scope, table);
      addLin(out, lin ?? emptyLin(), 'transform');
      return;
    }
    const lin = resolveColumn(ctx.scope, fields);
    // A bare name that is a relation of FROM (`row_to_json(t)`) is the whole row.
    if (fields.length === 1 && lin.deps.size === 0 && lin.unknown.size > 0) {
      const row = wholeRow(ctx.scope, fields[0]!);
      if (row) return void addLin(out, row, 'transform');
    }
    addLin(out, lin);
    return;
  }
  if (kind === 'SubLink') return void addLin(out, subLinkLin(body, ctx));
  if (kind === 'FuncCall') {
    const over = obj(obj(body.over));
    const named = over ? (str(over.refname) ?? str(over.name)) : undefined;
    if (named && ctx.windows.has(named)) walk(ctx.windows.get(named), ctx, out);
  }
  walk(body, ctx, out);
}

/** How an output expression uses what it reads: a bare column is copied, anything else transformed. */
export function valueLin(expr: unknown, ctx: ExprContext): Lin {
  const lin = exprLin(expr, ctx);
  return isBareColumn(expr) ? lin : addLin(emptyLin(), lin, 'transform');
}
