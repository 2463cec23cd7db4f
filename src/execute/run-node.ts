import type { Adapter } from '../adapters/index.js';
import type { DatabaseError } from '../adapters/index.js';
import type { CatalogSnapshot } from '../adapters/catalog.js';
import { describeQuery } from '../adapters/introspect.js';
import type { PostgresDialect, RelationKind } from '../adapters/postgres-dialect.js';
import type { Compiler } from '../compile/index.js';
import { TsmodelError, toErrorList } from '../errors/index.js';
import type { MaterializationRegistry, Plan, Step } from '../materialize/index.js';
import { executePlan, StepFailure } from './execute-plan.js';
import { runCustomAlone } from './run-custom.js';
import { withRetries, type RetryPolicy } from './retry.js';
import { KeyedLock } from './keyed-lock.js';
import { existingRelation, nodeDependents, noDependents } from './node-state.js';
import type { ProjectNode, Relation } from '../parse/index.js';
import type { TestOutcome } from '../data-tests/index.js';
import type { UnitTestRecord } from '../unit-tests/runner.js';

export interface NodeRunContext {
  adapter: Adapter;
  dialect: PostgresDialect;
  registry: MaterializationRegistry;
  compiler: Compiler;
  runSuffix: string;
  /** The run's start time (ISO), or the snapshot_time var when set. */
  runTime?: string;
  /** Paths (relative to the project root) where the node's compiled and run SQL are written. */
  paths(node: ProjectNode): { compiled: string; run: string };
  /** Shared by the run's nodes: rebuilds that recreate the same dependents take turns (see lockDependents). */
  dependentLock?: KeyedLock;
  /** Transient failures (deadlock, serialization failure, dropped connection) retry the node's whole transaction. */
  retry?: RetryPolicy;
  /** The new compiled SQL of a view model this run also builds at schema.name, if there is one. */
  pendingView?(schema: string, name: string): string | undefined;
  /** The run's catalog snapshot: relations and dependents are taken from it instead of read per node. */
  catalog?: CatalogSnapshot;
  /** Custom materializations the run's models use: the name in config → the macro of its block. */
  customMaterializations?: ReadonlyMap<string, string>;
  /** --full-refresh (a custom materialization's should_full_refresh()). */
  fullRefresh?: boolean;
}

export interface NodeResult {
  uniqueId: string;
  /** pass / warn / fail: data tests' statuses. */
  status: 'success' | 'error' | 'skipped' | 'cancelled' | 'pass' | 'warn' | 'fail';
  message: string;
  rowsAffected: number | null;
  /** The command tag of the statement that counted rows (or of the last one). */
  command?: string;
  compiledSql?: string;
  /** Every statement run, separated as in target/run/. */
  runSql?: string;
  error?: TsmodelError;
  /** Models with config.audit: the figures it names (rows in, rows out, rejected per rule…). */
  audit?: Record<string, number>;
  /** Seeds: rows loaded and NULLs per column (the architecture document's monitoring points). */
  monitor?: { rows: number; nulls: Record<string, number> };
  /** Data tests: failures, rows evaluated, sample rows. */
  test?: TestOutcome;
  /** Unit tests: the model, where it ran, the diff of a failure. */
  unitTest?: UnitTestRecord;
  timing: { name: 'compile' | 'execute'; startedAt: string; completedAt: string }[];
  elapsedMs: number;
}

/** Runs the model's audit queries at the end of its build transaction, so they see what it wrote. */
function withAudit(plan: Plan, audit: Record<string, string> | undefined, dialect: PostgresDialect): Plan {
  const entries = Object.entries(audit ?? {});
  if (entries.length === 0 || plan.steps.length === 0) return plan;
  return {
    ...plan,
    steps: [
      ...plan.steps,
      { sql: dialect.auditQuery(entries), label: `audit (${entries.map(([k]) => k).join(', ')})`, monitor: true },
    ],
  };
}

function numbers(row: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

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

/** The UTF-16 index in `text` of a 1-based character position as PostgreSQL counts it (code points). */
function indexOfPosition(text: string, position: number): number {
  let i = 0;
  for (let n = 1; n < position && i < text.length; n++) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

/** Points a failed statement's error at the compiled file's line when it lies in the model's SQL, else at the run file's. */
function locateSqlError(
  err: DatabaseError,
  step: Step,
  stepOffset: number,
  runText: string,
  compiledSql: string,
  paths: { compiled: string; run: string },
) {
  if (!err.sqlPosition) return { file: paths.run, line: lineAt(runText, stepOffset) };
  const within = step.sql.indexOf(compiledSql);
  const pos = indexOfPosition(step.sql, err.position!);
  if (within >= 0 && pos >= within && pos <= within + compiledSql.length) {
    return { file: paths.compiled, line: lineAt(compiledSql, pos - within), column: err.sqlPosition.column };
  }
  return {
    file: paths.run,
    line: lineAt(runText, stepOffset) + err.sqlPosition.line - 1,
    column: err.sqlPosition.column,
  };
}

/** A failed statement of a node's plan as the error the user sees: where it is, what was (not) changed. */
function located(
  err: StepFailure,
  node: ProjectNode,
  relation: Relation,
  existed: boolean,
  run: { text: string; offsets: number[] },
  compiledSql: string,
  paths: { compiled: string; run: string },
): TsmodelError {
  const e = err.error;
  const location = locateSqlError(e, err.step, run.offsets[err.index]!, run.text, compiledSql, paths);
  const name = `${relation.schema}.${relation.identifier}`;
  return new TsmodelError(
    'database',
    `${node.name} failed while trying to ${err.step.label}: ${e.message}${e.detail ? ` (${e.detail})` : ''}`,
    {
      location,
      hint: /^recreate dependent/.test(err.step.label)
        ? `Something built on ${name} no longer fits its new version. Nothing was changed. If that ` +
          `dependent is a model, build it in the same run (tsmodel run --select ${node.name}+); ` +
          'otherwise change or drop it first.'
        : (e.hint ??
          `See ${location.file}${location.line ? `:${location.line}` : ''}; nothing was changed: ${
            existed ? `the previous version of ${name} is intact` : `${name} did not exist before and still does not`
          }.`),
      cause: e,
    },
  );
}

/** Compiles, plans and runs one model in one transaction. Never throws: failures become an error result. */
export async function runNode(
  ctx: NodeRunContext,
  node: ProjectNode,
  existingKind: RelationKind | undefined,
): Promise<NodeResult> {
  const custom = ctx.customMaterializations?.get(node.config.materialized);
  if (custom) return runCustomAlone(ctx, node, custom);
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
    const existing = existingKind ? await existingRelation(ctx.adapter, ctx.catalog, relation) : undefined;
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
      callMacro: (name: string, args: unknown[]) => ctx.compiler.callMacro(node.uniqueId, name, args),
      runTime: ctx.runTime,
    };
    const needsDependents = m.needsDependents(base);
    let queryColumns: Awaited<ReturnType<typeof describeQuery>> | undefined;
    let plan: Plan | undefined;
    let outcome;
    // Planned from the run's snapshot first; should something new depend on the relation (the plan's drops
    // then fail with 2BP01), planned again from a fresh read of its dependents.
    for (let fresh = !ctx.catalog; ; fresh = true) {
      const state = needsDependents
        ? await nodeDependents(ctx.adapter, ctx.dependentLock, ctx.catalog, relation, fresh)
        : noDependents();
      try {
        // A dependent view that this run rebuilds anyway is recreated from its new SQL.
        const dependents = {
          ...state.dependents,
          views: state.dependents.views.map((v) => {
            const sql = v.kind === 'view' ? ctx.pendingView?.(v.schema, v.name) : undefined;
            return sql === undefined ? v : { ...v, definition: sql };
          }),
        };
        if (queryColumns === undefined && m.needsColumns({ ...base, dependents }))
          queryColumns = await describeQuery(ctx.adapter, compiled.compiledSql);
        const strictDrops = state.fromSnapshot && existing !== undefined;
        plan = withAudit(m.plan({ ...base, dependents, queryColumns, strictDrops }), compiled.audit, ctx.dialect);
        const run = renderRunFile(plan);
        runSql = run.text;
        try {
          outcome = await withRetries(ctx.retry, node.name, () =>
            executePlan(ctx.adapter, plan!, undefined, node.name),
          );
          break;
        } catch (err) {
          if (!(err instanceof StepFailure)) throw err;
          if (strictDrops && err.error.sqlstate === '2BP01') continue;
          throw located(err, node, relation, existing !== undefined, run, compiled.compiledSql, paths);
        }
      } finally {
        state.unlock();
      }
    }
    timing.push({ name: 'execute', startedAt: executeStart, completedAt: stamp() });
    return {
      uniqueId: node.uniqueId,
      status: 'success',
      message: plan!.verb,
      rowsAffected: outcome.rows,
      ...(outcome.monitor && Object.keys(compiled.audit ?? {}).length > 0 ? { audit: numbers(outcome.monitor) } : {}),
      command: outcome.command,
      compiledSql,
      runSql,
      timing,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    return fail(toErrorList(err)[0]!);
  }
}
