import { findCte, type Env } from './env.js';
import { exprLin, type ExprContext } from './expr.js';
import { addLin, columnLin, emptyLin, mergeLins, unknownLin, type Lin } from './lin.js';
import { list, nodeOf, obj, str, sval, type Ast } from './parser.js';
import { querySource, resolveAmong, type Col, type Scope, type Source } from './scope.js';

/** Set-returning functions whose output columns are fixed (the rest return one column named after the function). */
const RECORD_FUNCTIONS: Record<string, string[]> = {
  json_each: ['key', 'value'],
  jsonb_each: ['key', 'value'],
  json_each_text: ['key', 'value'],
  jsonb_each_text: ['key', 'value'],
};
const SCALAR_FUNCTIONS = new Set([
  'generate_series',
  'generate_subscripts',
  'unnest',
  'json_array_elements',
  'jsonb_array_elements',
  'json_array_elements_text',
  'jsonb_array_elements_text',
  'json_object_keys',
  'jsonb_object_keys',
  'jsonb_path_query',
  'regexp_matches',
  'regexp_split_to_table',
  'string_to_table',
]);

function aliasOf(item: Ast): { name?: string; colnames: string[] } {
  const alias = obj(item.alias);
  return { name: str(alias?.aliasname), colnames: list(alias?.colnames).map((c) => sval(c) ?? '?') };
}

function renamed(columns: Col[], colnames: readonly string[]): Col[] {
  return columns.map((c, i) => ({ name: colnames[i] ?? c.name, lin: c.lin }));
}

function relationSource(item: Ast, env: Env): { source: Source; rows?: Lin } {
  const name = str(item.relname) ?? '?';
  const schema = str(item.schemaname);
  const alias = aliasOf(item);
  const cte = schema === undefined ? findCte(env, name) : undefined;
  if (cte) {
    const source = querySource(alias.name ?? name, cte, alias.colnames);
    return { source, rows: cte.rows };
  }
  const shown = alias.name ?? name;
  const known = env.resolver({ catalog: str(item.catalogname), schema, name });
  if (!known) {
    const reason = `relation ${schema ? `${schema}.` : ''}${name} is not a node of the project`;
    return { source: { name: shown, schema, columns: [], open: () => unknownLin(reason) } };
  }
  const node = known.node;
  if (known.columns === undefined)
    return { source: { name: shown, schema, columns: [], open: (c) => columnLin(node, c) } };
  const columns = renamed(
    known.columns.map((c) => ({ name: c, lin: columnLin(node, c) })),
    alias.colnames,
  );
  return { source: { name: shown, schema: alias.name ? undefined : schema, columns } };
}

function functionSource(item: Ast, ctx: ExprContext): Source {
  const alias = aliasOf(item);
  const columns: Col[] = [];
  let open: ((c: string) => Lin) | undefined;
  for (const entry of list(item.functions)) {
    const [call, own] = list(nodeOf(entry)?.[1].items);
    // ROWS FROM (f() AS (…)) puts column definitions beside each call, `f() AS r(…)` on the item.
    const coldefs = list(own).length > 0 ? own : item.coldeflist;
    const fn = nodeOf(call);
    const args = exprLin(fn ? fn[1] : call, ctx);
    const value = addLin(emptyLin(), args, 'transform');
    const fname = fn && fn[0] === 'FuncCall' ? sval(list(fn[1].funcname).at(-1)) : undefined;
    const defs = list(coldefs).map((d) => str(nodeOf(d)?.[1].colname) ?? '?');
    const names = defs.length > 0 ? defs : RECORD_FUNCTIONS[fname ?? ''];
    if (names) for (const n of names) columns.push({ name: n, lin: value });
    else if (SCALAR_FUNCTIONS.has(fname ?? '') || list(item.functions).length > 1)
      columns.push({ name: fname ?? '?column?', lin: value });
    else open = () => value; // a function of unknown shape: whatever column it has comes from its arguments
  }
  if (columns.length === 1 && alias.colnames.length === 0 && alias.name && !open) columns[0]!.name = alias.name;
  if (item.ordinality === true) columns.push({ name: 'ordinality', lin: emptyLin() });
  return { name: alias.name ?? columns[0]?.name, columns: renamed(columns, alias.colnames), open };
}

/** Adds one FROM item's sources to `scope`, and what decides its rows to `rows`. */
export function addFromItem(item: unknown, scope: Scope, ctx: ExprContext, rows: Lin): Source[] {
  const n = nodeOf(item);
  if (!n) return [];
  const [kind, body] = n;
  const added: Source[] = [];
  const push = (source: Source): Source[] => {
    scope.sources.push(source);
    added.push(source);
    return added;
  };
  switch (kind) {
    case 'RangeVar': {
      const { source, rows: inner } = relationSource(body, ctx.env);
      if (inner) addLin(rows, inner);
      return push(source);
    }
    case 'RangeSubselect': {
      const alias = aliasOf(body);
      const outer = body.lateral === true ? scope : ctx.env.outer;
      const result = ctx.env.analyze(obj(body.subquery) ?? {}, { ...ctx.env, outer });
      addLin(rows, result.rows);
      return push(querySource(alias.name, result, alias.colnames));
    }
    case 'RangeFunction':
      return push(functionSource(body, { ...ctx, scope }));
    case 'JoinExpr':
      return addJoin(body, scope, ctx, rows);
    default: {
      const reason = `${kind} in FROM is not analysed`;
      return push({ name: aliasOf(body).name, columns: [], open: () => unknownLin(reason) });
    }
  }
}

function addJoin(join: Ast, scope: Scope, ctx: ExprContext, rows: Lin): Source[] {
  const left = addFromItem(join.larg, scope, ctx, rows);
  const right = addFromItem(join.rarg, scope, ctx, rows);
  let using = list(join.usingClause).map((u) => sval(u) ?? '?');
  if (join.isNatural === true) {
    const names = (sources: Source[]) => new Set(sources.flatMap((s) => s.columns.map((c) => c.name)));
    const rightNames = names(right);
    using = [...names(left)].filter((c) => rightNames.has(c));
  }
  for (const column of using) {
    const sides = [resolveAmong(left, column), resolveAmong(right, column)].map(
      (lin) => lin ?? unknownLin(`USING column "${column}" not found`),
    );
    addLin(rows, mergeLins(sides), 'join');
    const fromSources = new Set([...left, ...right].filter((s) => s.columns.some((c) => c.name === column)));
    // An outer join's merged column is either side's value; an inner join's is the left one.
    const type = str(join.jointype);
    const lin = type === 'JOIN_INNER' || type === 'JOIN_LEFT' ? sides[0]! : mergeLins(sides);
    scope.merged.set(column, { lin: type === 'JOIN_RIGHT' ? sides[1]! : lin, from: fromSources });
  }
  if (join.quals !== undefined) addLin(rows, exprLin(join.quals, { ...ctx, scope }), 'join');
  return [...left, ...right];
}
