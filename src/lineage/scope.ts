import { addLin, emptyLin, mergeLins, unknownLin, type Lin } from './lin.js';

/** An output column of a query or a FROM item, with what its value depends on. */
export interface Col {
  name: string;
  lin: Lin;
}

/** What analysing a query gives: its columns, what decides its rows, and why the column list is incomplete. */
export interface QueryResult {
  columns: Col[];
  rows: Lin;
  /** Set when the column list is not complete (`select *` over a relation of unknown columns). */
  incomplete?: string;
}

/** A FROM item as a query sees it. */
export interface Source {
  /** The name it is qualified by: its alias, else the relation's or function's name. */
  name: string | undefined;
  schema?: string;
  columns: Col[];
  /** For a relation whose columns are not all known: the lineage of a column by name (undefined = unknown). */
  open?: (column: string) => Lin;
}

/** The FROM clause of one query level, and the level around it (correlated subqueries, lateral). */
export interface Scope {
  sources: Source[];
  /** Columns merged by JOIN … USING / NATURAL JOIN, visible unqualified. */
  merged: Map<string, { lin: Lin; from: Set<Source> }>;
  outer?: Scope;
}

export function newScope(outer?: Scope): Scope {
  return { sources: [], merged: new Map(), outer };
}

/** A source built from a query result (CTE, subquery). */
export function querySource(name: string | undefined, result: QueryResult, colnames: readonly string[] = []): Source {
  const columns = result.columns.map((c, i) => ({ name: colnames[i] ?? c.name, lin: c.lin }));
  const reason = result.incomplete;
  return { name, columns, open: reason === undefined ? undefined : () => unknownLin(reason) };
}

function lookupIn(source: Source, column: string): Lin | undefined {
  const hit = source.columns.find((c) => c.name === column);
  if (hit) return hit.lin;
  return source.open?.(column);
}

/** An unqualified column among `sources` (one query level); undefined when none has it. */
export function resolveAmong(sources: readonly Source[], column: string): Lin | undefined {
  const known = sources.filter((s) => s.columns.some((c) => c.name === column));
  if (known.length === 1) return lookupIn(known[0]!, column);
  if (known.length > 1) return unknownLin(`column "${column}" is ambiguous`);
  const open = sources.filter((s) => s.open);
  if (open.length === 1) return open[0]!.open!(column);
  if (open.length > 1)
    return unknownLin(`column "${column}" could come from ${open.map((s) => s.name ?? '?').join(' or ')}`);
  return undefined;
}

/** A column reference (`c`, `t.c`, `s.t.c`) seen from `scope`, looking outwards for correlated references. */
export function resolveColumn(scope: Scope, fields: readonly string[]): Lin {
  const column = fields.at(-1)!;
  const table = fields.length >= 2 ? fields.at(-2) : undefined;
  const schema = fields.length >= 3 ? fields.at(-3) : undefined;
  for (let s: Scope | undefined = scope; s; s = s.outer) {
    if (table === undefined) {
      const merged = s.merged.get(column);
      if (merged) return merged.lin;
      const lin = resolveAmong(s.sources, column);
      if (lin) return lin;
      continue;
    }
    const source = s.sources.find((src) => src.name === table && (schema === undefined || src.schema === schema));
    if (source) return lookupIn(source, column) ?? unknownLin(`column "${table}.${column}" not found`);
  }
  return unknownLin(`column "${fields.join('.')}" not found`);
}

/** `*` or `t.*`: every column, in PostgreSQL's order (USING columns first); `incomplete` when a source is open. */
export function expandStar(scope: Scope, table: string | undefined): { columns: Col[]; incomplete?: string } {
  const columns: Col[] = [];
  let incomplete: string | undefined;
  const sources = table === undefined ? scope.sources : scope.sources.filter((s) => s.name === table);
  if (sources.length === 0) return { columns, incomplete: `"${table}.*": no such relation in FROM` };
  if (table === undefined) for (const [name, m] of scope.merged) columns.push({ name, lin: m.lin });
  for (const source of sources) {
    for (const col of source.columns) {
      const merged = scope.merged.get(col.name);
      if (table === undefined && merged?.from.has(source)) continue;
      columns.push(col);
    }
    if (source.open) incomplete ??= `the columns of ${source.name ?? 'a relation'} are not known, so "*" is incomplete`;
  }
  return { columns, incomplete };
}

/** Every column of a relation as one value (`t.*` inside an expression, `row_to_json(t)`). */
export function wholeRow(scope: Scope, table: string): Lin | undefined {
  for (let s: Scope | undefined = scope; s; s = s.outer) {
    const source = s.sources.find((src) => src.name === table);
    if (!source) continue;
    const lin = mergeLins(source.columns.map((c) => c.lin));
    if (source.open) addLin(lin, unknownLin(`the columns of ${table} are not known`));
    return lin;
  }
  return undefined;
}

export { emptyLin };
