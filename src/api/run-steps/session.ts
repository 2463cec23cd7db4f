import { createAdapter, dialectFor, openSyncDatabase, type Adapter, type SyncDatabase } from '../../adapters/index.js';
import type { PostgresDialect } from '../../adapters/postgres-dialect.js';
import { TsmodelErrors } from '../../errors/index.js';
import type { RetryPolicy } from '../../execute/retry.js';
import { placeUnitTests } from '../../unit-tests/index.js';
import type { UnitPlacement } from '../../unit-tests/where.js';
import type { LoadedProject } from '../load.js';
import { connectionAttemptLine, waitingLine } from '../lock-lines.js';
import { checkTarget } from '../target-checks.js';
import type { RunSelection } from './selection.js';
import type { RunOptions } from './types.js';

/** The target's SQL dialect (Citus: a flavour of PostgreSQL's); what can't hold on it stops the run here. */
export function checkedDialect(project: LoadedProject, order: readonly string[]): PostgresDialect {
  const dialect = dialectFor(project.target, [...project.graph.nodes.values()]);
  const problems = checkTarget(project, order, dialect);
  if (problems.length > 0) throw new TsmodelErrors(problems);
  return dialect;
}

/** Where a run's statements go, how many at once, and how transient failures are retried. */
export interface RunSession {
  /** The adapter nodes run on: the target's, or the embedded one when only unit tests run there. */
  adapter: Adapter;
  /** The target's adapter (closed at the end unless the caller passed it). */
  targetAdapter: Adapter;
  unitPlace?: UnitPlacement;
  threads: number;
  retry: RetryPolicy;
  /** What templates query while they compile (run_query, statement, adapter.get_columns_in_relation…). */
  templateDb?: SyncDatabase;
  /** Closes what this run opened. */
  close(): Promise<void>;
}

/** Creates the adapter (logging connection retries and lock waits), places unit tests, sets threads and retries. */
export async function openRunSession(
  project: LoadedProject,
  command: string,
  selection: RunSelection,
  opts: RunOptions,
): Promise<RunSession> {
  const { target, events, config } = project;
  const runId = project.invocationId;
  const { order, unitNodes } = selection;
  const targetAdapter =
    opts.adapter ??
    createAdapter(target, {
      command,
      onRetry: (attempt, err, info) => {
        const line = connectionAttemptLine(attempt, err, info);
        if (line) events.log('warn', line, { runId });
      },
      onLockWait: (holder) => events.log('warn', waitingLine(target.name, holder), { runId }),
    });
  const unitPlace = unitNodes.length
    ? await placeUnitTests(target, targetAdapter, {
        unitOn: opts.unitOn,
        emptyTarget: opts.emptyTarget,
        onlyUnitTests: unitNodes.length === order.length,
        projectRoot: config.projectRoot,
      })
    : undefined;
  // Nothing but unit tests, and they run on the embedded database: the target is not touched at all.
  const adapter = unitPlace?.embedded && unitNodes.length === order.length ? unitPlace.adapter : targetAdapter;
  const threads = Math.max(1, Math.min(opts.threads ?? target.threads, adapter.capabilities.maxConcurrency || 1));
  const retry: RetryPolicy = {
    retries: target.retries,
    delayMs: target.retryDelayMs,
    backoff: target.retryBackoff ?? 1,
    onRetry: (what, attempt, err, delay) => {
      const why = err instanceof Error ? err.message : String(err);
      const wait = (delay / 1000).toFixed(1);
      events.log('warn', `${what}: ${why} — a transient failure; retry ${attempt} of ${target.retries} in ${wait}s`, {
        runId,
      });
    },
  };
  const templateDb = openSyncDatabase(adapter);
  return {
    adapter,
    targetAdapter,
    unitPlace,
    threads,
    retry,
    templateDb,
    close: async () => {
      await templateDb?.close().catch(() => {});
      if (!opts.adapter) await targetAdapter.close().catch(() => {});
      if (unitPlace?.embedded) await unitPlace.adapter.close().catch(() => {});
    },
  };
}
