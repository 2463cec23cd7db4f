import { randomBytes } from 'node:crypto';
import type { PostgresDialect } from '../../adapters/postgres-dialect.js';
import { compiledPath, runPath, type NodeFiles } from '../../artifacts/index.js';
import type { Compiler } from '../../compile/index.js';
import { KeyedLock } from '../../execute/keyed-lock.js';
import { runNode, type NodeResult, type NodeRunContext } from '../../execute/run-node.js';
import { runSeed, type SeedRunContext } from '../../execute/run-seed.js';
import { runDag } from '../../execute/scheduler.js';
import type { ProjectNode } from '../../parse/index.js';
import type { UnitTestRunner } from '../../unit-tests/index.js';
import type { LoadedProject } from '../load.js';
import { testRunner } from '../test-phase.js';
import { compileAhead } from './compile-ahead.js';
import { describeNode, emitNodeEnd, logSkip, notRun } from './events.js';
import type { RunSelection } from './selection.js';
import type { RunSession } from './session.js';
import { kindOfNode, type RunState } from './state.js';
import type { RunOptions } from './types.js';

export interface ScheduleInputs {
  project: LoadedProject;
  selection: RunSelection;
  session: RunSession;
  dialect: PostgresDialect;
  state: RunState;
  compiler: Compiler;
  unitRunner?: UnitTestRunner;
  opts: RunOptions;
  /** Where each node's compiled and run files are written as it ends. */
  files: NodeFiles;
}

/**
 * Runs every node of the selection in DAG order on the session's threads, each by its kind (model, seed, data
 * test, unit test), emitting node-start / node-end and writing its files; writes each result (skipped and
 * cancelled ones too) to `results`.
 */
export async function scheduleNodes(inputs: ScheduleInputs, results: Map<string, NodeResult>): Promise<void> {
  const { project, selection, session, opts } = inputs;
  const { graph, events } = project;
  const runId = project.invocationId;
  const { order } = selection;
  const runOne = nodeRunner(inputs);
  const ahead = compileAhead(project, selection, inputs.compiler, opts.signal);
  let index = 0;
  const outcomes = await runDag<NodeResult>({
    order,
    parents: selection.tests.parents,
    concurrency: session.threads,
    failFast: opts.failFast ?? false,
    ...(opts.signal ? { stopped: () => opts.signal!.aborted } : {}),
    run: async (id) => {
      const node = graph.nodes.get(id)!;
      const ref = describeNode(node);
      const i = ++index;
      events.emit({ type: 'node-start', runId, index: i, total: order.length, node: ref });
      const t0 = Date.now();
      const ticker = setInterval(
        () => events.emit({ type: 'progress', runId, node: ref, elapsedMs: Date.now() - t0 }),
        1000,
      );
      const running = runOne(node);
      setImmediate(() => ahead(id)); // once its statements are on their way to the database
      const result = await running.finally(() => clearInterval(ticker));
      // A statement stopped by the cancellation is reported as cancelled, not as a failure.
      if (opts.signal?.aborted && result.status === 'error')
        Object.assign(result, { status: 'cancelled', message: `cancelled while running: ${result.message}` });
      results.set(id, result);
      inputs.files.write(node, result);
      emitNodeEnd(project, ref, { index: i, total: order.length }, result);
      return { result, ok: result.status === 'success' || result.status === 'pass' || result.status === 'warn' };
    },
    onSkip: (id, because) => logSkip(project, id, because),
  });
  for (const [id, o] of outcomes) {
    if (o.kind === 'skipped') results.set(id, notRun(id, 'skipped', `skipped: upstream ${o.because} did not succeed`));
    if (o.kind === 'cancelled') results.set(id, notRun(id, 'cancelled', 'cancelled before it started'));
  }
}

/** One function that runs a node of any kind, with what the run's nodes share (suffix, locks, retries). */
function nodeRunner(inputs: ScheduleInputs): (node: ProjectNode) => Promise<NodeResult> {
  const { project, selection, session, dialect, state, compiler, unitRunner, opts } = inputs;
  const { config, graph } = project;
  const { adapter } = session;
  const runSuffix = randomBytes(3).toString('hex');
  const runTestNode = testRunner(project, selection.order, {
    adapter,
    dialect,
    compiler,
    batch: opts.batchTests !== false,
  });
  const dependentLock = new KeyedLock();
  const seedCtx: SeedRunContext = {
    adapter,
    dialect,
    projectRoot: config.projectRoot,
    runSuffix,
    fullRefresh: opts.fullRefresh ?? false,
    hooks: (n) => hooksOf(compiler, n),
    catalog: state.catalog,
    dependentLock,
  };
  const nodeCtx: NodeRunContext = {
    adapter,
    dialect,
    registry: selection.registry,
    compiler,
    runSuffix,
    paths: (n) => ({ compiled: compiledPath(config.targetPath, n), run: runPath(config.targetPath, n) }),
    runTime: snapshotTime(project),
    pendingView: viewModelsOf(graph, selection.order, compiler),
    retry: session.retry,
    dependentLock,
    catalog: state.catalog,
    customMaterializations: selection.customMaterializations,
    fullRefresh: opts.fullRefresh ?? false,
  };
  return (node) => {
    switch (node.resourceType) {
      case 'unit_test':
        return unitRunner!.run(node);
      case 'test':
        return runTestNode(node);
      case 'seed':
        return runSeed(seedCtx, node);
      default:
        return runNode(nodeCtx, node, kindOfNode(state, node));
    }
  };
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
