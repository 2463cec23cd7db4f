/**
 * `run`, `seed`, `snapshot` and `build`: one pipeline of named steps (run-steps/), in this order:
 * select → render hooks → check the target → open the session → under the run lock: unit-test preflight,
 * on-run-start, state (schemas and catalog), compile, schedule, on-run-end → artifacts.
 */
import { startAdapterEarly } from '../adapters/index.js';
import { toErrorList } from '../errors/index.js';
import type { NodeResult } from '../execute/run-node.js';
import { NodeFiles } from '../artifacts/index.js';
import type { ResourceType } from '../parse/index.js';
import { logDeferral, prepareDefer, selectedForDefer } from './defer.js';
import { loadProject, type LoadedProject } from './load.js';
import type { TargetConfig } from '../config/index.js';
import { runCompiler } from './run-steps/compile.js';
import { notRun } from './run-steps/events.js';
import { finishRun } from './run-steps/finish.js';
import { renderRunHooks, runHooks } from './run-steps/hooks.js';
import { runLog } from './run-steps/log.js';
import { underRunLock } from './run-steps/lock.js';
import { scheduleNodes } from './run-steps/schedule.js';
import { selectRun } from './run-steps/selection.js';
import { checkedDialect, openRunSession } from './run-steps/session.js';
import { readRunState } from './run-steps/state.js';
import type { RunOptions, RunSummary } from './run-steps/types.js';
import { prepareUnitTests } from './run-steps/unit-tests.js';

export type { RunOptions, RunSummary, NodeOutcome } from './run-steps/types.js';
export { describeNode } from './run-steps/events.js';

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
  // The target starts opening (PGlite: under its lock file, in its worker) while the project loads.
  let discardEarly = async () => {};
  try {
    const onTarget = (t: TargetConfig) => void (opts.adapter || (discardEarly = startAdapterEarly(t, command)));
    // With --select, most runs touch few nodes: the kept parse's are read lazily (each node's SQL when it runs).
    const fewNodes = (opts.select?.length ?? 0) > 0;
    const project = opts.project ?? loadProject(opts, { onTarget, fewNodes });
    const log = runLog(project); // pipeline.log held open for the command
    try {
      return await executeLoaded(command, resourceTypes, opts, started, project);
    } finally {
      log.release();
    }
  } finally {
    await discardEarly();
  }
}

async function executeLoaded(
  command: string,
  resourceTypes: ResourceType[],
  opts: RunOptions,
  started: number,
  project: LoadedProject,
): Promise<RunSummary> {
  const { config, events, target } = project;
  const selection = selectRun(project, command, resourceTypes, opts);
  const { order, tests } = selection;
  const hooks = renderRunHooks(project);
  const dialect = checkedDialect(project, order);
  const session = await openRunSession(project, command, selection, opts);
  const { adapter } = session;
  events.emit({
    type: 'run-start',
    command,
    runId: project.invocationId,
    target: `${target.name} (${adapter.describe()})`,
    nodeCount: order.length,
    threads: session.threads,
  });
  const results = new Map<string, NodeResult>();
  const files = new NodeFiles(config.projectRoot, config.targetPath);
  // Ctrl-C / SIGTERM (through opts.signal): stop scheduling and cancel what is in flight.
  const cancelInFlight = () => void adapter.cancel().catch(() => {});
  opts.signal?.addEventListener('abort', cancelInFlight, { once: true });
  try {
    await underRunLock(project, session, command, opts, async () => {
      const unitRunner = await prepareUnitTests(project, session, selection);
      // --defer is decided (and refused) before anything runs or is created.
      const deferral = await prepareDefer(project, opts, selectedForDefer(selection.selected, order), adapter);
      if (deferral) logDeferral(project, deferral);
      await runHooks(adapter, hooks.onRunStart);
      const state = await readRunState(project, adapter, dialect, order);
      const compiler = runCompiler(project, state, opts, session, deferral);
      const inputs = { project, selection, session, dialect, state, compiler, unitRunner, opts, files };
      await scheduleNodes(inputs, results);
      await runHooks(adapter, hooks.onRunEnd);
    });
  } catch (err) {
    // Cancelled (Ctrl-C) while waiting for the lock, or in an on-run-end hook: the nodes that did not
    // run are written to run_results.json as cancelled, like those the scheduler never started.
    if (!opts.signal?.aborted) throw err;
    for (const id of order)
      if (!results.has(id)) results.set(id, notRun(id, 'cancelled', 'cancelled before it started'));
  } finally {
    opts.signal?.removeEventListener('abort', cancelInFlight);
    await session.close();
  }
  await files.done();
  return finishRun(project, order, results, started, command, opts, tests.hasTests ? tests.quality : undefined);
}

export { toErrorList };
