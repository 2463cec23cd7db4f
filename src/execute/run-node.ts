import type { Adapter } from '../adapters/index.js';
import { DatabaseError } from '../adapters/index.js';
import { describeQuery, getDependents, getRelation, type Dependents } from '../adapters/introspect.js';
import type { PostgresDialect, RelationKind } from '../adapters/postgres-dialect.js';
import type { Compiler } from '../compile/index.js';
import { TsmodelError, toErrorList } from '../errors/index.js';
import type { MaterializationRegistry, Plan, Step } from '../materialize/index.js';
import type { ProjectNode } from '../parse/index.js';

export interface NodeRunContext {
  adapter: Adapter;
  dialect: PostgresDialect;
  registry: MaterializationRegistry;
  compiler: Compiler;
  runSuffix: string;
  /** Paths (relative to the project root) where the node's compiled and run SQL are written. */
  paths(node: ProjectNode): { compiled: string; run: string };
}

export interface NodeResult {
  uniqueId: string;
  status: 'success' | 'error' | 'skipped' | 'cancelled';
  message: string;
  rowsAffected: number | null;
  /** The command tag of the statement that counted rows (or of the last one). */
  command?: string;
  compiledSql?: string;
  /** Every statement run, separated as in target/run/. */
  runSql?: string;
  error?: TsmodelError;
  timing: { name: 'compile' | 'execute'; startedAt: string; completedAt: string }[];
  elapsedMs: number;
}

const NO_DEPENDENTS: Dependents = { views: [], foreignKeys: [] };

/** How the statements of a plan are laid out in target/run/<file>. */
export function renderRunFile(plan: Plan): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  for (const step of plan.steps) {
    text += `-- ${step.label}\n`;
    offsets.push(text.length);
    text += `${step.sql};\n\n`;
  }
  return { text, offsets };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Points a failed statement's error at the compiled file's line when it lies in the model's SQL, else at the run file's. */
function locateSqlError(err: DatabaseError, step: Step, stepOffset: number, runText: string, compiledSql: string, paths: { compiled: string; run: string }) {
  if (!err.sqlPosition) return { file: paths.run, line: lineAt(runText, stepOffset) };
  const within = step.sql.indexOf(compiledSql);
  const pos = err.position! - 1;
  if (within >= 0 && pos >= within && pos <= within + compiledSql.length) {
    return { file: paths.compiled, line: lineAt(compiledSql, pos - within), column: err.sqlPosition.column };
  }
  return { file: paths.run, line: lineAt(runText, stepOffset) + err.sqlPosition.line - 1, column: err.sqlPosition.column };
}

/** Compiles, plans and runs one model in one transaction. Never throws: failures become an error result. */
export async function runNode(ctx: NodeRunContext, node: ProjectNode, existingKind: RelationKind | undefined): Promise<NodeResult> {
  const started = Date.now();
  const timing: NodeResult['timing'] = [];
  const stamp = () => new Date().toISOString();
  const paths = ctx.paths(node);
  let compiledSql: string | undefined;
  let runSql: string | undefined;
  const fail = (error: TsmodelError): NodeResult => ({
    uniqueId: node.uniqueId,
    status: 'error',
    message: error.message,
    rowsAffected: null,
    compiledSql,
    runSql,
    error,
    timing,
    elapsedMs: Date.now() - started,
  });
  try {
    const compileStart = stamp();
    const compiled = ctx.compiler.compile(node.uniqueId);
    compiledSql = compiled.compiledSql;
    timing.push({ name: 'compile', startedAt: compileStart, completedAt: stamp() });
    const executeStart = stamp();
    const relation = node.relation!;
    const m = ctx.registry.get(node.config.materialized, { file: node.originalFilePath });
    const existing = existingKind ? await ctx.adapter.withConnection((c) => getRelation(c, relation)) : undefined;
    const base = {
      node,
      relation,
      compiledSql: compiled.compiledSql,
      preHooks: compiled.preHooks,
      postHooks: compiled.postHooks,
      constraints: compiled.constraints,
      existing,
      incremental: compiled.incremental,
      runSuffix: ctx.runSuffix,
      dialect: ctx.dialect,
    };
    const dependents = m.needsDependents(base) ? await getDependents(ctx.adapter, relation) : NO_DEPENDENTS;
    const queryColumns = m.needsColumns({ ...base, dependents }) ? await describeQuery(ctx.adapter, compiled.compiledSql) : undefined;
    const plan = m.plan({ ...base, dependents, queryColumns });
    const run = renderRunFile(plan);
    runSql = run.text;
    let rows: number | null = null;
    let command: string | undefined;
    if (plan.steps.length > 0) {
      await ctx.adapter.transaction(async (conn) => {
        for (const [i, step] of plan.steps.entries()) {
          try {
            const res = await conn.query(step.sql);
            if (step.countsRows) {
              rows = res.rowCount;
              command = res.command;
            } else if (rows === null) command = res.command || command;
          } catch (err) {
            if (err instanceof DatabaseError) {
              const location = locateSqlError(err, step, run.offsets[i]!, run.text, compiled.compiledSql, paths);
              throw new TsmodelError('database', `${node.name} failed while trying to ${step.label}: ${err.message}${err.detail ? ` (${err.detail})` : ''}`, {
                location,
                hint: err.hint ?? `See ${location.file}${location.line ? `:${location.line}` : ''}; nothing was changed: the previous version of ${relation.schema}.${relation.identifier} is intact.`,
                cause: err,
              });
            }
            throw err;
          }
        }
      });
    }
    timing.push({ name: 'execute', startedAt: executeStart, completedAt: stamp() });
    return {
      uniqueId: node.uniqueId,
      status: 'success',
      message: plan.verb,
      rowsAffected: rows,
      command,
      compiledSql,
      runSql,
      timing,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    return fail(toErrorList(err)[0]!);
  }
}
