import { relative, resolve } from 'node:path';
import { createAdapter, type Adapter } from '../adapters/index.js';
import { buildSourcesArtifact, writeJson, type FreshnessResultEntry } from '../artifacts/index.js';
import {
  describeAge,
  describeCriteria,
  freshnessPlan,
  freshnessStatus,
  readFreshness,
  type FreshnessCriteria,
  type FreshnessPlan,
  type FreshnessReading,
  type LoadedAt,
} from '../data-tests/index.js';
import { formatLocation, toErrorList, TsmodelError, TsmodelErrors } from '../errors/index.js';
import type { NodeRef } from '../events/index.js';
import type { ProjectNode } from '../parse/index.js';
import {
  artifactMeta,
  loadProject,
  selectFrom,
  type LoadedProject,
  type ProjectOptions,
  type SelectionOptions,
} from './load.js';

export interface FreshnessOptions extends ProjectOptions, SelectionOptions {
  /** Where sources.json goes (relative to the working directory, as dbt's --output); default target/sources.json. */
  output?: string;
  /** An adapter to use instead of creating one from the target (tests). It is not closed. */
  adapter?: Adapter;
}

export type FreshnessOutcomeStatus = 'pass' | 'warn' | 'error' | 'runtime error' | 'skipped';

export interface FreshnessOutcome {
  node: ProjectNode;
  status: FreshnessOutcomeStatus;
  /** Checked sources: what was found. */
  reading?: FreshnessReading;
  criteria?: FreshnessCriteria;
  /** Skipped: why; runtime error: the error. */
  reason?: string;
  error?: TsmodelError;
}

export interface FreshnessResult {
  project: LoadedProject;
  results: FreshnessOutcome[];
  /** No source is stale past error_after and every query ran. */
  success: boolean;
  /** The sources.json written. */
  path: string;
}

type Check = { node: ProjectNode; plan: Extract<FreshnessPlan, { kind: 'check' }> };

const label = (n: ProjectNode) => `${n.sourceName}.${n.name}`;
const nodeRef = (n: ProjectNode): NodeRef => ({
  uniqueId: n.uniqueId,
  name: label(n),
  resourceType: 'source',
  description: 'freshness of',
});

/** Every selected source's plan; bad freshness configs are all reported at once, before any query. */
function plansOf(project: LoadedProject, opts: FreshnessOptions): { node: ProjectNode; plan: FreshnessPlan }[] {
  const ids = [...selectFrom(project, opts, ['source'])].sort();
  const errors: TsmodelError[] = [];
  const out: { node: ProjectNode; plan: FreshnessPlan }[] = [];
  for (const id of ids) {
    const node = project.graph.nodes.get(id)!;
    try {
      out.push({ node, plan: freshnessPlan(node) });
    } catch (err) {
      errors.push(...toErrorList(err));
    }
  }
  if (errors.length > 0) throw new TsmodelErrors(errors);
  return out;
}

/**
 * `tsmodel source freshness`: for each selected source table with freshness criteria and a load time
 * (loaded_at_field or loaded_at_query), reads the latest load and the database's now, rates it pass / warn
 * / error (stale) or runtime error, prints a line per table as dbt does and writes sources.json (dbt's v3
 * shape). Tables without freshness are listed as skipped. One table's failure does not stop the others.
 */
export async function sourceFreshness(opts: FreshnessOptions = {}): Promise<FreshnessResult> {
  const started = Date.now();
  const project = loadProject(opts);
  const { config, target, events } = project;
  const plans = plansOf(project, opts);
  const checks = plans.filter((p): p is Check => p.plan.kind === 'check');
  const runId = project.invocationId;
  const threads = Math.max(1, Math.min(target.threads ?? 1, checks.length));
  events.emit({
    type: 'run-start',
    command: 'source freshness',
    runId,
    target: target.name,
    nodeCount: checks.length,
    threads,
  });
  const results: FreshnessOutcome[] = [];
  for (const { node, plan } of plans)
    if (plan.kind === 'skip') {
      results.push({ node, status: 'skipped', reason: plan.reason });
      events.log('info', `skipped freshness of ${label(node)}: ${plan.reason}`, { node: node.uniqueId });
    }
  if (checks.length === 0) events.log('warn', 'source freshness: no selected source has freshness to check');
  const entries = new Map<string, FreshnessResultEntry>();
  const adapter =
    checks.length > 0 ? (opts.adapter ?? createAdapter(target, { command: 'source freshness' })) : undefined;
  try {
    // Connect (or open PGlite) first: the first table's time is its query's, as the others'.
    await adapter?.open();
    let next = 0;
    const worker = async (thread: number) => {
      while (next < checks.length) {
        const index = ++next;
        const { node, plan } = checks[index - 1]!;
        events.emit({ type: 'node-start', runId, index, total: checks.length, node: nodeRef(node) });
        const { outcome, entry } = await checkOne(adapter!, node, plan.criteria, plan.loadedAt, `Thread-${thread}`);
        results.push(outcome);
        entries.set(node.uniqueId, entry);
        emitEnd(project, index, checks.length, outcome, entry);
      }
    };
    await Promise.all(Array.from({ length: threads }, (_, i) => worker(i + 1)));
  } finally {
    if (adapter && !opts.adapter) await adapter.close().catch(() => {});
  }
  const ordered = checks.map((c) => entries.get(c.node.uniqueId)!);
  const elapsedMs = Date.now() - started;
  const meta = artifactMeta(project);
  const out = opts.output ? resolve(opts.output) : resolve(config.projectRoot, config.targetPath, 'sources.json');
  writeJson(
    config.projectRoot,
    relative(config.projectRoot, out),
    buildSourcesArtifact(meta, ordered, elapsedMs / 1000),
  );
  const counts: Record<string, number> = {};
  for (const r of results) {
    const k = r.status === 'runtime error' ? 'error' : r.status;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  const failed = results.filter((r) => r.status === 'error' || r.status === 'runtime error');
  const failures = failed.map((r) => ({ node: nodeRef(r.node), message: failureText(r) }));
  events.emit({ type: 'run-end', runId, elapsedMs, counts, failures });
  const byId = new Map(results.map((r) => [r.node.uniqueId, r]));
  return { project, results: plans.map((p) => byId.get(p.node.uniqueId)!), success: failed.length === 0, path: out };
}

async function checkOne(
  adapter: Adapter,
  node: ProjectNode,
  criteria: FreshnessCriteria,
  loadedAt: LoadedAt,
  thread: string,
): Promise<{ outcome: FreshnessOutcome; entry: FreshnessResultEntry }> {
  const startedAt = new Date();
  try {
    const reading = await readFreshness(adapter, node, loadedAt, criteria.filter);
    const completedAt = new Date();
    const status = freshnessStatus(reading.ageSeconds, criteria);
    const entry: FreshnessResultEntry = {
      unique_id: node.uniqueId,
      max_loaded_at: reading.maxLoadedAt,
      snapshotted_at: reading.snapshottedAt,
      max_loaded_at_time_ago_in_s: reading.ageSeconds,
      status,
      criteria,
      adapter_response: {},
      timing: [{ name: 'execute', started_at: startedAt.toISOString(), completed_at: completedAt.toISOString() }],
      thread_id: thread,
      execution_time: (completedAt.getTime() - startedAt.getTime()) / 1000,
    };
    return { outcome: { node, status, reading, criteria }, entry };
  } catch (err) {
    const error = toErrorList(err)[0]!;
    const where = formatLocation(error.location);
    const message = where ? `${where}: ${error.message}` : error.message;
    return {
      outcome: { node, status: 'runtime error', criteria, error, reason: message },
      entry: { unique_id: node.uniqueId, status: 'runtime error', error: message },
    };
  }
}

function failureText(r: FreshnessOutcome): string {
  if (r.status === 'runtime error') return `${r.reason}${r.error?.hint ? `\nhint: ${r.error.hint}` : ''}`;
  const age = describeAge(r.reading!.ageSeconds);
  return `latest load ${r.reading!.maxLoadedAt} is ${age} old (${describeCriteria(r.criteria!)})`;
}

function emitEnd(
  project: LoadedProject,
  index: number,
  total: number,
  r: FreshnessOutcome,
  entry: FreshnessResultEntry,
): void {
  const elapsedMs = 'execution_time' in entry ? entry.execution_time * 1000 : 0;
  const status = r.status === 'runtime error' ? 'error' : r.status === 'skipped' ? 'skipped' : r.status;
  project.events.emit({
    type: 'node-end',
    runId: project.invocationId,
    index,
    total,
    node: nodeRef(r.node),
    status,
    message: failureText(r),
    rows: null,
    ...(r.status === 'pass' ? { response: 'PASS' } : {}),
    ...(r.status === 'error' ? { label: 'ERROR STALE' } : {}),
    elapsedMs,
  });
}
