import { buildRunResults, compiledPath, writeJson, type RunResultEntry } from '../../artifacts/index.js';
import type { QualityConfig } from '../../data-tests/index.js';
import type { NodeRef } from '../../events/index.js';
import type { NodeResult } from '../../execute/run-node.js';
import type { ProjectNode } from '../../parse/index.js';
import { quoteRelation } from '../../sql/quote.js';
import { artifactMeta, type LoadedProject } from '../load.js';
import { finishQuality } from '../quality.js';
import { describeNode, errorText, responseText } from './events.js';
import { writeRunManifest } from './manifest.js';
import type { NodeOutcome, RunOptions, RunSummary } from './types.js';

/** Writes manifest.json, run_results.json (and the quality report), emits run-end. */
export function finishRun(
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
  const meta = artifactMeta(project);
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
    // The node's compiled and run files were written as it ended (schedule.ts, NodeFiles).
    if (r.compiledSql !== undefined) compiled.set(id, r.compiledSql);
    const loc = r.error?.location ?? (status === 'fail' ? node.location : undefined);
    const where = loc ? `${loc.file}${loc.line ? `:${loc.line}` : ''}` : undefined;
    if (status === 'error' || status === 'fail')
      failures.push({ node: describeNode(node), message: errorText(r), file: where });
    entries.push(resultEntry(project, node, r, where));
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
  writeRunManifest(project, meta, compiled);
  const args = {
    command,
    select: opts.select ?? [],
    exclude: opts.exclude ?? [],
    target: target.name,
    threads: opts.threads,
    full_refresh: opts.fullRefresh ?? false,
    fail_fast: opts.failFast ?? false,
    vars: opts.vars ?? {},
    ...(opts.defer ? { defer: true, defer_state: opts.deferState ?? opts.state, favor_state: !!opts.favorState } : {}),
    ...(opts.state ? { state: opts.state } : {}),
  };
  writeJson(
    config.projectRoot,
    `${config.targetPath}/run_results.json`,
    buildRunResults(meta, entries, elapsedMs / 1000, args, compiled),
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

function resultEntry(
  project: LoadedProject,
  node: ProjectNode,
  r: NodeResult,
  where: string | undefined,
): RunResultEntry {
  const { targetPath } = project.config;
  return {
    unique_id: node.uniqueId,
    status: r.status,
    message: r.message,
    timing: r.timing.map((t) => ({ name: t.name, started_at: t.startedAt, completed_at: t.completedAt })),
    execution_time: r.elapsedMs / 1000,
    thread_id: 'Thread-1',
    adapter_response: { _message: responseText(r), code: r.command, rows_affected: r.rowsAffected },
    failures: r.test?.failures ?? null,
    relation_name: node.relation ? quoteRelation(node.relation) : null,
    compiled_path: node.resourceType === 'seed' ? null : compiledPath(targetPath, node),
    ...(r.monitor ? { monitoring: { rows_loaded: r.monitor.rows, null_counts: r.monitor.nulls } } : {}),
    ...(r.audit ? { audit: r.audit } : {}),
    ...(r.unitTest ? { unit_test: r.unitTest } : {}),
    ...(where ? { error_location: where } : {}),
  };
}
