import type { Adapter } from '../adapters/index.js';
import { fitName, type PostgresDialect } from '../adapters/postgres-dialect.js';
import type { Compiler } from '../compile/index.js';
import {
  builtinInUse,
  countOf,
  countQuery,
  defaultDimension,
  jsonSafeRow,
  limitedSql,
  modelExpression,
  readTestConfig,
  sampleQuery,
  scoredNodeOf,
  testCall,
  verdict,
  type BuiltinTest,
  type TestOutcome,
} from '../data-tests/index.js';
import { TsmodelError, toErrorList } from '../errors/index.js';
import type { Graph } from '../graph/index.js';
import type { ProjectNode } from '../parse/index.js';
import type { Renderer } from '../template/index.js';
import type { NodeResult } from './run-node.js';
import { describeTestFailure, relocateCompileError } from './test-errors.js';
import type { TestBatches } from './test-batches.js';

export interface TestRunContext {
  adapter: Adapter;
  dialect: PostgresDialect;
  compiler: Compiler;
  graph: Graph;
  renderer: Renderer;
  batches: TestBatches;
  /** The target's schema: store_failures' fallback base. */
  targetSchema: string;
  compiledPath(node: ProjectNode): string;
  /** Creates a schema once per run. */
  ensureSchema(schema: string): Promise<void>;
}

/** The query counting the rows a test evaluated, in the test's own context (undefined: a singular test reading nothing). */
function evaluatedSql(ctx: TestRunContext, node: ProjectNode, def: BuiltinTest | undefined): string | undefined {
  if (node.testMetadata) {
    const { model, ...kwargs } = node.testMetadata.kwargs;
    return ctx.compiler.renderFor(
      node.uniqueId,
      'evaluated',
      testCall(def?.evaluatedMacro ?? 'tsmodel_evaluated_rows', modelExpression(model), kwargs),
    );
  }
  const ref = node.refs[0];
  const src = node.sources[0];
  const first = ref
    ? `ref(${JSON.stringify(ref.name)})`
    : src
      ? `source(${JSON.stringify(src.source)}, ${JSON.stringify(src.table)})`
      : undefined;
  return first
    ? ctx.compiler.renderFor(node.uniqueId, 'evaluated', `{{ tsmodel_evaluated_rows(model=${first}) }}`)
    : undefined;
}

async function storeFailures(
  ctx: TestRunContext,
  node: ProjectNode,
  sql: string,
  limit: number | undefined,
): Promise<string> {
  const scored = scoredNodeOf(node);
  const base = (scored && ctx.graph.nodes.get(scored)?.relation?.schema) || ctx.targetSchema;
  const schema =
    typeof node.config.schema === 'string' && node.config.schema ? node.config.schema : `${base}_test_failures`;
  const rel = { schema, identifier: fitName(node.name) };
  await ctx.ensureSchema(schema);
  await ctx.adapter.transaction(async (c) => {
    await c.query(ctx.dialect.drop(rel, 'table', { ifExists: true }));
    await c.query(ctx.dialect.createTableAs(rel, limitedSql(sql, limit)));
  });
  return `${schema}.${rel.identifier}`;
}

/**
 * Runs one data test: its failing rows are counted (in its relation's shared
 * scan when it has one, else alone), judged by severity and warn_if/error_if,
 * sampled, and stored when store_failures is on. Never throws.
 */
export async function runTest(ctx: TestRunContext, node: ProjectNode): Promise<NodeResult> {
  const started = Date.now();
  const timing: NodeResult['timing'] = [];
  const stamp = () => new Date().toISOString();
  const def = builtinInUse(node, ctx.renderer);
  const { config, problems } = readTestConfig(node.config, defaultDimension(node.testMetadata?.name));
  const outcome = (o: Partial<TestOutcome> & Pick<TestOutcome, 'status' | 'message'>): TestOutcome => ({
    uniqueId: node.uniqueId,
    failures: null,
    evaluated: null,
    samples: [],
    dimension: config.dimension,
    severity: config.severity,
    batched: false,
    ...o,
  });
  let compiledSql: string | undefined;
  const fail = (error: TsmodelError): NodeResult => ({
    uniqueId: node.uniqueId,
    status: 'error',
    message: error.message,
    rowsAffected: null,
    compiledSql,
    error,
    test: outcome({ status: 'error', message: error.message }),
    timing,
    elapsedMs: Date.now() - started,
  });
  try {
    if (node.parseError) return fail(node.parseError);
    const problem = problems[0];
    if (problem)
      throw new TsmodelError('config', `test ${node.name}: ${problem.message}`, {
        location: node.location,
        hint: problem.hint,
      });
    const compileStart = stamp();
    let evaluated: string | undefined;
    try {
      compiledSql = ctx.compiler.compile(node.uniqueId).compiledSql;
      evaluated = evaluatedSql(ctx, node, def);
    } catch (err) {
      throw relocateCompileError(node, err);
    }
    timing.push({ name: 'compile', startedAt: compileStart, completedAt: stamp() });
    const executeStart = stamp();
    const sql = compiledSql;
    const compiled = { sql, path: ctx.compiledPath(node) };
    const run = async <T>(query: string, fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        throw await describeTestFailure(ctx, node, err, query, compiled);
      }
    };
    let counts = await ctx.batches.counts(node.uniqueId);
    const batched = counts !== undefined;
    if (!counts) {
      const q = countQuery(sql, config.failCalc ?? def?.failCalc ?? 'count(*)', config.limit, evaluated);
      const row = (await run(q, () => ctx.adapter.query(q))).rows[0] ?? {};
      const failures = countOf(row.failures);
      counts = {
        failures,
        evaluated: row.evaluated === null || row.evaluated === undefined ? failures : countOf(row.evaluated),
      };
    }
    const failures = counts.failures;
    const seen = Math.max(counts.evaluated, failures);
    const v = verdict(failures, seen, config);
    let samples: Record<string, unknown>[] = [];
    if (failures > 0) {
      const q = sampleQuery(sql, config.limit);
      samples = (await run(q, () => ctx.adapter.query(q))).rows.map(jsonSafeRow);
    }
    const storedIn = config.storeFailures
      ? await run(sql, () => storeFailures(ctx, node, sql, config.limit))
      : undefined;
    timing.push({ name: 'execute', startedAt: executeStart, completedAt: stamp() });
    return {
      uniqueId: node.uniqueId,
      status: v.status,
      message: storedIn && failures > 0 ? `${v.message}; failing rows in ${storedIn}` : v.message,
      rowsAffected: failures,
      compiledSql,
      test: outcome({ status: v.status, message: v.message, failures, evaluated: seen, samples, batched, storedIn }),
      timing,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    return fail(toErrorList(err)[0]!);
  }
}
