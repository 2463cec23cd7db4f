import { loadModule, parseSync } from 'libpg-query';

/** A node of libpg-query's JSON parse tree: `{ SelectStmt: {...} }`, `{ ColumnRef: {...} }`, … */
export type Ast = { readonly [key: string]: unknown };

let loaded: Promise<void> | undefined;
let ready = false;

/** Loads PostgreSQL's parser (WebAssembly) once; analysis is synchronous afterwards. */
export async function loadSqlParser(): Promise<void> {
  loaded ??= loadModule().then(() => {
    ready = true;
  });
  await loaded;
}

export function sqlParserReady(): boolean {
  return ready;
}

/** The raw statements of `sql`, or the parser's message when PostgreSQL would reject it. */
export function parseStatements(sql: string): { statements: Ast[] } | { error: string } {
  if (!ready) throw new Error('loadSqlParser() must be awaited before lineage is analysed');
  try {
    const result = parseSync(sql) as unknown as { stmts?: { stmt: Ast }[] };
    return { statements: (result.stmts ?? []).map((s) => s.stmt) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** The single key of a tree node and its body: `{ ColumnRef: b }` → ['ColumnRef', b]. */
export function nodeOf(value: unknown): [string, Ast] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const body = (value as Ast)[keys[0]!];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return [keys[0]!, body as Ast];
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function obj(value: unknown): Ast | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Ast) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `{ String: { sval } }` → sval. */
export function sval(value: unknown): string | undefined {
  const n = nodeOf(value);
  return n && n[0] === 'String' ? str(n[1].sval) : undefined;
}
