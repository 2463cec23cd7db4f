import { quoteRelation } from '../sql/quote.js';
import { randomBytes } from 'node:crypto';
import { createAdapter, dialectFor, openSyncDatabase, type Adapter } from '../adapters/index.js';
import { listRelations } from '../adapters/introspect.js';
import type { RelationKind } from '../adapters/postgres-dialect.js';
import {
  buildManifest,
  buildRunResults,
  compiledPath,
  logFileWriter,
  runPath,
  writeJson,
  writeProjectFile,
  type RunResultEntry,
} from '../artifacts/index.js';
import { Compiler } from '../compile/index.js';
import { TsmodelError, TsmodelErrors, toErrorList } from '../errors/index.js';
import { JsonLinesReporter, type NodeRef, type NodeStatus } from '../events/index.js';
import { runDag } from '../execute/scheduler.js';
import { runNode, type NodeResult } from '../execute/run-node.js';
import { runSeed } from '../execute/run-seed.js';
import { withRunLock } from '../adapters/run-lock.js';
import { connectionAttemptLine, waitingLine } from './lock-lines.js';
import { KeyedLock } from '../execute/keyed-lock.js';
import { topologicalOrder } from '../graph/index.js';
import { MaterializationRegistry } from '../materialize/index.js';
import type { ProjectNode, ResourceType } from '../parse/index.js';
import { emptyParseRecord, parseContext } from '../template/index.js';
import { contextInputs } from '../parse/index.js';
import { loadProject, selectFrom, type LoadedProject, type ProjectOptions, type SelectionOptions } from './load.js';
import type { QualityReport } from '../artifacts/index.js';
import type { QualityConfig } from '../data-tests/index.js';
import { finishQuality } from './quality.js';
import { planTestRun, testRunner } from './test-phase.js';
import { checkTarget } from './target-checks.js';
import { embeddedTarget, placeUnitTests, UnitTestRunner, type UnitOn } from '../unit-tests/index.js';

export interface RunOptions extends ProjectOptions, SelectionOptions {
  failFast?: boolean;
  /** An adapter to use instead of creating one from the target (tests, watch mode). It is not closed. */
  adapter?: Adapter;
  /** Data tests of one relation share one scan (default true; false runs one query per test). */
  batchTests?: boolean;
  /** Watch mode: a project already loaded (instead of reading and parsing it again). */
  project?: LoadedProject;
  /** Watch mode: exactly these unique ids (instead of --select / --exclude). */
  nodes?: ReadonlySet<string>;
  /** Aborting stops scheduling: nodes not yet started are cancelled. */
  signal?: AbortSignal;
  /** Where unit tests run: the target, or an in-memory embedded database (default: the target when reachable). */
  unitOn?: UnitOn;
  /** Treat the target as empty: unit tests run on the embedded database. */
  emptyTarget?: boolean;
}

export interface NodeOutcome {
  node: ProjectNode;
  status: NodeStatus;
  message: string;
  rowsAffected: number | null;
  elapsedMs: number;
  error?: TsmodelError;
}

export interface RunSummary {
  runId: string;
  success: boolean;
  elapsedMs: number;
  results: NodeOutcome[];
  project: LoadedProject;
  /** Runs with data tests: target/quality_report.json's contents. */
  quality?: QualityReport;
}

export function describeNode(n: ProjectNode): NodeRef {
  const kind =
    n.resourceType === 'model'
      ? `${n.config.materialized.replace('_', ' ')} model`
      : n.unitTest
        ? `unit test of ${n.unitTest.model}`
        : n.resourceType;
  return {
    uniqueId: n.uniqueId,
    name: n.name,
    resourceType: n.resourceType,
    description: kind,
    relationName: n.relation ? `${n.relation.schema}.${n.relation.identifier}` : undefined,
  };
}

function renderHooks(
  project: LoadedProject,
  hooks: string[],
  what: string,
  pkg?: { name: string; file: string },
): string[] {
  const penv = project.parsed.parseEnv;
  const file = pkg?.file ?? project.config.configFile;
  const node = {
    uniqueId: `operation.${pkg?.name ?? project.config.name}.${what}`,
    name: what,
    resourceType: 'operation',
    originalFilePath: file,
    ...(pkg ? { packageName: pkg.name } : {}),
  };
  return hooks
    .map((h, i) =>
      String(
        penv.renderer.render(`${file}#${what}-${i}`, h, parseContext(contextInputs(penv, node), emptyParseRecord())),
      ).trim(),
    )
    .filter(Boolean);
}

/** The hooks of the installed packages (by package name), then the project's own, as dbt orders them. */
function allHooks(project: LoadedProject, key: 'onRunStart' | 'onRunEnd', what: string): string[] {
  const packages = [...(project.packages ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  return [
    ...packages.flatMap((p) =>
      renderHooks(project, p.config[key], what, { name: p.name, file: `${p.dir}/${p.config.configFile}` }),
    ),
    ...renderHooks(project, project.config[key], what),
  ];
}

/** `tsmodel run`: builds the selected models in dependency order. */
export function run(opts: RunOptions = {}): Promise<RunSummary> {
  return execute('run', ['model'], opts);
}

/** `tsmodel seed`: loads the selected CSV seeds (COPY, one transaction each). */
export function seed(opts: RunOptions = {}): Promise<RunSummary> {
  return execute('seed', ['seed'], opts);
}

/** `tsmodel snapshot`: takes the selected SCD2 snapshots. */
export function snapshot(opts: RunOptions = {}): Promise<RunSummary> {
  return execute('snapshot', ['snapshot'], opts);
}

/** `tsmodel build`: seeds, models, snapshots and data tests in one DAG; a node's tests run right after it. */
export function build(opts: RunOptions = {}): Promise<RunSummary> {
  return execute('build', ['seed', 'model', 'snapshot', 'test', 'unit_test'], opts);
}

/** Runs the selected nodes of the given kinds in dependency order (run, seed, build share this). */
export async function execute(command: string, resourceTypes: ResourceType[], opts: RunOptions): Promise<RunSummary> {
  const started = Date.now();
  const project = opts.project ?? loadProject(opts);
  const { config, graph, events, target } = project;
  const runId = project.invocationId;
  events.add(new JsonLinesReporter(logFileWriter(config.projectRoot, `${config.logPath}/pipeline.log`)));
  const selected = opts.nodes
    ? new Set([...opts.nodes].filter((id) => graph.nodes.has(id)))
    : selectFrom(project, opts, resourceTypes);
  const tests = planTestRun(
    project,
    topologicalOrder(graph, selected).filter((id) => graph.nodes.get(id)!.config.materialized !== 'ephemeral'),
  );
  const order = tests.order;
  if (order.length === 0)
    events.log(
      'warn',
      `Nothing to ${command}: nothing matches${opts.select?.length ? ` --select ${opts.select.join(' ')}` : ''}${opts.exclude?.length ? ` --exclude ${opts.exclude.join(' ')}` : ''}. Check the names with tsmodel ls.`,
      { runId },
    );
  const registry = new MaterializationRegistry();
  for (const id of order) {
    const n = graph.nodes.get(id)!;
    if (n.resourceType === 'model') registry.get(n.config.materialized, { file: n.originalFilePath });
  }
  const onRunStart = allHooks(project, 'onRunStart', 'on-run-start');
  const onRunEnd = allHooks(project, 'onRunEnd', 'on-run-end');

  // The target's SQL dialect (Citus: a flavour of PostgreSQL's); what can't hold on it stops the run here.
  const dialect = dialectFor(target, [...graph.nodes.values()]);
  const targetProblems = checkTarget(project, order, dialect);
  if (targetProblems.length > 0) throw new TsmodelErrors(targetProblems);
  let adapter =
    opts.adapter ??
    createAdapter(target, {
      command,
      onRetry: (attempt, err, info) => {
        const line = connectionAttemptLine(attempt, err, info);
        if (line) events.log('warn', line, { runId });
      },
      onLockWait: (holder) => events.log('warn', waitingLine(target.name, holder), { runId }),
    });
  const unitNodes = order.map((id) => graph.nodes.get(id)!).filter((n) => n.resourceType === 'unit_test');
  const unitPlace = unitNodes.length
    ? await placeUnitTests(target, adapter, {
        unitOn: opts.unitOn,
        emptyTarget: opts.emptyTarget,
        onlyUnitTests: unitNodes.length === order.length,
        projectRoot: config.projectRoot,
      })
    : undefined;
  const targetAdapter = adapter;
  // Nothing but unit tests, and they run on the embedded database: the target is not touched at all.
  if (unitPlace?.embedded && unitNodes.length === order.length) adapter = unitPlace.adapter;
  const threads = Math.max(1, Math.min(opts.threads ?? target.threads, adapter.capabilities.maxConcurrency || 1));
  events.emit({
    type: 'run-start',
    command,
    runId,
    target: `${target.name} (${adapter.describe()})`,
    nodeCount: order.length,
    threads,
  });
  const results = new Map<string, NodeResult>();
  // What templates query while they compile (run_query, statement, adapter.get_columns_in_relation…).
  const templateDb = openSyncDatabase(adapter);
  // Ctrl-C / SIGTERM (through opts.signal): stop scheduling and cancel what is in flight.
  const cancelInFlight = () => void adapter.cancel().catch(() => {});
  opts.signal?.addEventListener('abort', cancelInFlight, { once: true });
  const retry = {
    retries: target.retries,
    delayMs: target.retryDelayMs,
    backoff: target.retryBackoff ?? 1,
    onRetry: (what: string, attempt: number, err: unknown, delay: number) =>
      events.log(
        'warn',
        `${what}: ${err instanceof Error ? err.message : String(err)} — a transient failure; retry ${attempt} of ${target.retries} in ${(delay / 1000).toFixed(1)}s`,
        { runId },
      ),
  };
  try {
    await withRunLock(
      adapter,
      // Only unit tests, on the embedded database: the target is not touched, so not locked either.
      adapter === unitPlace?.adapter ? embeddedTarget(target) : target,
      {
        timeoutMs: target.lockTimeoutMs ?? 60_000,
        command,
        onWait: (holder) => events.log('warn', waitingLine(target.name, holder), { runId }),
        onBlocked: (line) => events.log('warn', line, { runId }),
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      async () => {
        const unitRunner = unitPlace
          ? new UnitTestRunner({
              graph,
              penv: project.parsed.parseEnv,
              projectRoot: config.projectRoot,
              adapter: unitPlace.adapter,
              useDatabase: !unitPlace.embedded,
              ranOn: unitPlace.ranOn,
              seeds: [...project.parsed.nodes, ...project.parsed.disabled].filter((n) => n.resourceType === 'seed'),
            })
          : undefined;
        if (unitRunner && unitPlace) {
          if (unitPlace.adapter !== adapter) await unitPlace.adapter.open();
          events.log(
            'info',
            `${unitNodes.length} unit test${unitNodes.length === 1 ? '' : 's'} run on ${unitPlace.ranOn}: ${unitPlace.reason}`,
            { runId },
          );
          // A bad fixture (unknown column, a value that does not cast…) stops the command before anything runs.
          const problems = await unitRunner.preflight(unitNodes);
          if (problems.length > 0) throw new TsmodelErrors(problems);
        }
        for (const sql of onRunStart) await adapter.query(sql);
        const schemas = [...new Set(order.flatMap((id) => graph.nodes.get(id)!.relation?.schema ?? []))].sort();
        for (const s of schemas) await adapter.query(dialect.createSchema(s));
        const existing: Map<string, RelationKind> = await listRelations(adapter, schemas);
        const kindOf = (n: ProjectNode) => existing.get(`${n.relation!.schema}.${n.relation!.identifier}`);
        const compiler = new Compiler({
          graph,
          parseEnv: project.parsed.parseEnv,
          fullRefresh: opts.fullRefresh ?? false,
          ...(templateDb ? { database: templateDb } : {}),
          relationExists: (r) => {
            const k = existing.get(`${r.schema}.${r.identifier}`);
            return k === 'table' || k === 'partitioned_table';
          },
        });
        const runSuffix = randomBytes(3).toString('hex');
        const pendingView = viewModelsOf(graph, order, compiler);
        const dependentLock = new KeyedLock();
        const paths = (n: ProjectNode) => ({
          compiled: compiledPath(config.targetPath, n),
          run: runPath(config.targetPath, n),
        });
        const runTestNode = testRunner(project, order, {
          adapter,
          dialect,
          compiler,
          batch: opts.batchTests !== false,
        });
        let index = 0;
        await runDag<NodeResult>({
          order,
          parents: tests.parents,
          concurrency: threads,
          failFast: opts.failFast ?? false,
          ...(opts.signal ? { stopped: () => opts.signal!.aborted } : {}),
          run: async (id) => {
            const node = graph.nodes.get(id)!;
            const ref = describeNode(node);
            const i = ++index;
            events.emit({ type: 'node-start', runId, index: i, total: order.length, node: ref });
            const ticker = setInterval(
              () => events.emit({ type: 'progress', runId, node: ref, elapsedMs: Date.now() - t0 }),
              1000,
            );
            const t0 = Date.now();
            const result: NodeResult = await (
              node.resourceType === 'unit_test'
                ? unitRunner!.run(node)
                : node.resourceType === 'test'
                  ? runTestNode(node)
                  : node.resourceType === 'seed'
                    ? runSeed(
                        {
                          adapter,
                          dialect,
                          projectRoot: config.projectRoot,
                          runSuffix,
                          fullRefresh: opts.fullRefresh ?? false,
                          hooks: (n) => hooksOf(compiler, n),
                        },
                        node,
                      )
                    : runNode(
                        {
                          adapter,
                          dialect,
                          registry,
                          compiler,
                          runSuffix,
                          paths,
                          runTime: snapshotTime(project),
                          pendingView,
                          retry,
                          dependentLock,
                        },
                        node,
                        kindOf(node),
                      )
            ).finally(() => clearInterval(ticker));
            // A statement stopped by the cancellation is reported as cancelled, not as a failure.
            if (opts.signal?.aborted && result.status === 'error')
              Object.assign(result, { status: 'cancelled', message: `cancelled while running: ${result.message}` });
            results.set(id, result);
            const file = result.error?.location
              ? `${result.error.location.file}${result.error.location.line ? `:${result.error.location.line}` : ''}`
              : undefined;
            const message = result.error
              ? `${result.error.message}${result.error.hint ? `\nhint: ${result.error.hint}` : ''}`
              : result.message;
            events.emit({
              type: 'node-end',
              runId,
              index: i,
              total: order.length,
              node: ref,
              status: result.status,
              message,
              rows: result.rowsAffected,
              response: responseText(result),
              elapsedMs: result.elapsedMs,
              file,
            });
            if (result.monitor) events.log('info', monitorLine(ref, result.monitor), { runId, node: id });
            if (result.audit)
              events.log(
                'info',
                `${ref.relationName}: ${Object.entries(result.audit)
                  .map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`)
                  .join(', ')}`,
                { runId, node: id },
              );
            return { result, ok: result.status === 'success' || result.status === 'pass' || result.status === 'warn' };
          },
          onSkip: (id, because) =>
            events.log(
              'info',
              `skipping ${graph.nodes.get(id)!.name}: upstream ${graph.nodes.get(because.replace(/ \(skipped\)$/, ''))?.name ?? because} did not succeed`,
              { runId, node: id },
            ),
        }).then((outcomes) => {
          for (const [id, o] of outcomes) {
            if (o.kind === 'skipped')
              results.set(id, {
                uniqueId: id,
                status: 'skipped',
                message: `skipped: upstream ${o.because} did not succeed`,
                rowsAffected: null,
                timing: [],
                elapsedMs: 0,
              });
            if (o.kind === 'cancelled')
              results.set(id, {
                uniqueId: id,
                status: 'cancelled',
                message: 'cancelled before it started',
                rowsAffected: null,
                timing: [],
                elapsedMs: 0,
              });
          }
        });
        for (const sql of onRunEnd) await adapter.query(sql);
      },
    );
  } catch (err) {
    // Cancelled (Ctrl-C) while waiting for the lock, or in an on-run-end hook: the nodes that did not
    // run are written to run_results.json as cancelled, like those the scheduler never started.
    if (!opts.signal?.aborted) throw err;
    for (const id of order)
      if (!results.has(id))
        results.set(id, {
          uniqueId: id,
          status: 'cancelled',
          message: 'cancelled before it started',
          rowsAffected: null,
          timing: [],
          elapsedMs: 0,
        });
  } finally {
    opts.signal?.removeEventListener('abort', cancelInFlight);
    await templateDb?.close().catch(() => {});
    if (!opts.adapter) await targetAdapter.close().catch(() => {});
    if (unitPlace?.embedded) await unitPlace.adapter.close().catch(() => {});
  }
  return finish(project, order, results, started, command, opts, tests.hasTests ? tests.quality : undefined);
}

/**
 * The view models this run builds, by relation: when a parent is swapped,
 * such a dependent is recreated from its NEW compiled SQL rather than its
 * old definition (which may name a column the new parent no longer has).
 */
function viewModelsOf(
  graph: LoadedProject['graph'],
  order: readonly string[],
  compiler: Compiler,
): (schema: string, name: string) => string | undefined {
  const byRelation = new Map<string, string>();
  for (const id of order) {
    const n = graph.nodes.get(id)!;
    if (n.resourceType === 'model' && n.config.materialized === 'view' && n.relation)
      byRelation.set(`${n.relation.schema}.${n.relation.identifier}`, id);
  }
  return (schema, name) => {
    const id = byRelation.get(`${schema}.${name}`);
    if (!id) return undefined;
    try {
      const compiled = compiler.compile(id);
      // Its templates read the database before its parents were rebuilt: its own run compiles it again.
      if (compiled.queriedDatabase) compiler.forget(id);
      return compiled.compiledSql;
    } catch {
      return undefined; // its own run reports the compile error
    }
  };
}

/** The time snapshots record for a change: the snapshot_time var (for backfills and tests) or the run's start. */
function snapshotTime(project: LoadedProject): string {
  const v = project.parsed.parseEnv.vars.snapshot_time;
  return v === undefined || v === null ? project.runStartedAt : String(v);
}

function hooksOf(compiler: Compiler, node: ProjectNode): { pre: string[]; post: string[] } {
  const c = compiler.compile(node.uniqueId);
  return { pre: c.preHooks, post: c.postHooks };
}

function monitorLine(ref: NodeRef, m: { rows: number; nulls: Record<string, number> }): string {
  const withNulls = Object.entries(m.nulls).filter(([, n]) => n > 0);
  const nulls = withNulls.length ? withNulls.map(([c, n]) => `${c} ${n}`).join(', ') : 'none';
  return `${ref.relationName}: ${m.rows} rows loaded; NULLs per column: ${nulls}`;
}

function responseText(r: NodeResult): string | undefined {
  if (!r.command) return undefined;
  return r.rowsAffected === null ? r.command : `${r.command} ${r.rowsAffected}`;
}

function finish(
  project: LoadedProject,
  order: string[],
  results: Map<string, NodeResult>,
  started: number,
  command: string,
  opts: RunOptions,
  quality?: QualityConfig,
): RunSummary {
  const { config, graph, events, target } = project;
  const runId = project.invocationId;
  const meta = {
    generated_at: new Date().toISOString(),
    invocation_id: runId,
    project_name: config.name,
    adapter_type: target.type,
    target_name: target.name,
  };
  const compiled = new Map<string, string>();
  const entries: RunResultEntry[] = [];
  const outcomes: NodeOutcome[] = [];
  const counts: Record<string, number> = {};
  const failures: { node: NodeRef; message: string; file?: string }[] = [];
  for (const id of order) {
    const node = graph.nodes.get(id)!;
    const r = results.get(id);
    if (!r) continue;
    const status = r.status;
    counts[status] = (counts[status] ?? 0) + 1;
    if (r.compiledSql !== undefined) {
      compiled.set(id, r.compiledSql);
      writeProjectFile(config.projectRoot, compiledPath(config.targetPath, node), `${r.compiledSql}\n`);
    }
    if (r.runSql !== undefined) writeProjectFile(config.projectRoot, runPath(config.targetPath, node), r.runSql);
    const loc = r.error?.location ?? (status === 'fail' ? node.location : undefined);
    const where = loc ? `${loc.file}${loc.line ? `:${loc.line}` : ''}` : undefined;
    if (status === 'error' || status === 'fail')
      failures.push({
        node: describeNode(node),
        message: r.error ? `${r.error.message}${r.error.hint ? `\nhint: ${r.error.hint}` : ''}` : r.message,
        file: where,
      });
    entries.push({
      unique_id: id,
      status,
      message: r.message,
      timing: r.timing.map((t) => ({ name: t.name, started_at: t.startedAt, completed_at: t.completedAt })),
      execution_time: r.elapsedMs / 1000,
      thread_id: 'Thread-1',
      adapter_response: { _message: responseText(r), code: r.command, rows_affected: r.rowsAffected },
      failures: r.test?.failures ?? null,
      relation_name: node.relation ? quoteRelation(node.relation) : null,
      compiled_path: node.resourceType === 'seed' ? null : compiledPath(config.targetPath, node),
      ...(r.monitor ? { monitoring: { rows_loaded: r.monitor.rows, null_counts: r.monitor.nulls } } : {}),
      ...(r.audit ? { audit: r.audit } : {}),
      ...(r.unitTest ? { unit_test: r.unitTest } : {}),
      ...(where ? { error_location: where } : {}),
    });
    outcomes.push({
      node,
      status,
      message: r.message,
      rowsAffected: r.rowsAffected,
      elapsedMs: r.elapsedMs,
      error: r.error,
    });
  }
  const elapsedMs = Date.now() - started;
  writeJson(
    config.projectRoot,
    `${config.targetPath}/manifest.json`,
    buildManifest(project.parsed, graph, meta, config.targetPath, compiled),
  );
  const args = {
    command,
    select: opts.select ?? [],
    exclude: opts.exclude ?? [],
    target: target.name,
    threads: opts.threads,
    full_refresh: opts.fullRefresh ?? false,
    fail_fast: opts.failFast ?? false,
    vars: opts.vars ?? {},
  };
  writeJson(
    config.projectRoot,
    `${config.targetPath}/run_results.json`,
    buildRunResults(meta, entries, elapsedMs / 1000, args),
  );
  events.emit({ type: 'run-end', runId, elapsedMs, counts, failures });
  const report = quality ? finishQuality(project, order, results, quality, meta) : undefined;
  return {
    runId,
    success: failures.length === 0 && !outcomes.some((o) => o.status === 'cancelled') && (report?.passed ?? true),
    elapsedMs,
    results: outcomes,
    project,
    ...(report ? { quality: report } : {}),
  };
}

export { toErrorList };
