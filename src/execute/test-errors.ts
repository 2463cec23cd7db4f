import { DatabaseError, quoteRelation, type Adapter } from '../adapters/index.js';
import { TsmodelError, nearestName, toErrorList } from '../errors/index.js';
import type { Graph } from '../graph/index.js';
import type { ProjectNode } from '../parse/index.js';
import type { Renderer } from '../template/index.js';

export interface TestErrorContext {
  adapter: Adapter;
  graph: Graph;
  renderer: Renderer;
}

function where(loc: { file: string; line?: number }): string {
  return `${loc.file}${loc.line ? `:${loc.line}` : ''}`;
}

/** A compile problem of a YAML-declared test points at its YAML line (its template is generated), unless it is inside a macro file. */
export function relocateCompileError(node: ProjectNode, err: unknown): TsmodelError {
  const e = toErrorList(err)[0]!;
  if (!node.testMetadata || (e.location && e.location.file !== node.originalFilePath)) return e;
  return new TsmodelError(e.code, `test ${node.name}: ${e.message}`, {
    location: node.location,
    hint: e.hint,
    cause: e,
  });
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

async function columnsOf(adapter: Adapter, node: ProjectNode | undefined): Promise<string[]> {
  if (!node?.relation) return [];
  try {
    const res = await adapter.query(`select * from ${quoteRelation(node.relation)} limit 0`);
    return res.fields.map((f) => f.name);
  } catch {
    return [];
  }
}

/**
 * Explains a failed test query where the user can act: a missing column at
 * the test's declaration with the columns there are; a missing relation with
 * what to build; invalid SQL at its line in the compiled file, naming the
 * macro it came from.
 */
export async function describeTestFailure(
  ctx: TestErrorContext,
  node: ProjectNode,
  err: unknown,
  sql: string,
  compiled: { sql: string; path: string },
): Promise<TsmodelError> {
  if (!(err instanceof DatabaseError)) return toErrorList(err)[0]!;
  const attached = node.attachedNode ? ctx.graph.nodes.get(node.attachedNode) : undefined;
  const detail = `${err.message}${err.detail ? ` (${err.detail})` : ''}`;
  if (err.sqlstate === '42703') {
    const missing = /column "?([^"\s]+)"? does not exist/.exec(err.message)?.[1]?.split('.').pop();
    const cols = await columnsOf(ctx.adapter, attached);
    const near = missing ? nearestName(missing, cols) : undefined;
    const rel = attached?.relation ? `${attached.relation.schema}.${attached.relation.identifier}` : 'the relation';
    return new TsmodelError('database', `test ${node.name}: ${detail}`, {
      location: node.location,
      hint:
        `${near ? `Did you mean '${near}'? ` : ''}` +
        `${cols.length ? `${rel} has columns: ${cols.join(', ')}.` : 'Check the column name in the YAML.'}`,
      cause: err,
    });
  }
  if (err.sqlstate === '42P01') {
    return new TsmodelError('database', `test ${node.name}: ${detail}`, {
      location: node.location,
      hint: `Build what the test reads first (tsmodel run, or tsmodel build), and check its arguments (to:, compare:).`,
      cause: err,
    });
  }
  const macro = node.dependsOn.macros
    .map((m) => ctx.renderer.macros.get(m.split('.').pop()!))
    .find((m) => m !== undefined);
  const origin = macro
    ? `The SQL comes from macro ${macro.name} (${macro.path}:${macro.line}); the test is declared at ${where(node.location)}.`
    : `The test is declared at ${where(node.location)}.`;
  const within = sql.indexOf(compiled.sql);
  const pos = err.position !== undefined ? err.position - 1 : -1;
  const location =
    within >= 0 && pos >= within && pos <= within + compiled.sql.length
      ? { file: compiled.path, line: lineAt(compiled.sql, pos - within), column: err.sqlPosition?.column }
      : node.location;
  return new TsmodelError('database', `test ${node.name}: ${detail}`, {
    location,
    hint: `${err.hint ? `${err.hint} ` : ''}${origin}`,
    cause: err,
  });
}
