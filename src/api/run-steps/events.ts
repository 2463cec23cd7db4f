import type { NodeRef } from '../../events/index.js';
import type { NodeResult } from '../../execute/run-node.js';
import type { ProjectNode } from '../../parse/index.js';
import type { LoadedProject } from '../load.js';

/** How a node is named in events: its kind in words and its relation as `schema.identifier` (for reading). */
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

/** The adapter's response as dbt prints it: the command tag and the rows it counted. */
export function responseText(r: NodeResult): string | undefined {
  if (!r.command) return undefined;
  return r.rowsAffected === null ? r.command : `${r.command} ${r.rowsAffected}`;
}

/** An error's message with its hint, as the console and run_results.json show it. */
export function errorText(r: NodeResult): string {
  return r.error ? `${r.error.message}${r.error.hint ? `\nhint: ${r.error.hint}` : ''}` : r.message;
}

function monitorLine(ref: NodeRef, m: { rows: number; nulls: Record<string, number> }): string {
  const withNulls = Object.entries(m.nulls).filter(([, n]) => n > 0);
  const nulls = withNulls.length ? withNulls.map(([c, n]) => `${c} ${n}`).join(', ') : 'none';
  return `${ref.relationName}: ${m.rows} rows loaded; NULLs per column: ${nulls}`;
}

/** The node-end event of one node, then its seed monitoring and audit lines. */
export function emitNodeEnd(
  project: LoadedProject,
  ref: NodeRef,
  at: { index: number; total: number },
  result: NodeResult,
): void {
  const { events } = project;
  const runId = project.invocationId;
  const loc = result.error?.location;
  const file = loc ? `${loc.file}${loc.line ? `:${loc.line}` : ''}` : undefined;
  events.emit({
    type: 'node-end',
    runId,
    index: at.index,
    total: at.total,
    node: ref,
    status: result.status,
    message: errorText(result),
    rows: result.rowsAffected,
    response: responseText(result),
    elapsedMs: result.elapsedMs,
    file,
  });
  const node = ref.uniqueId;
  if (result.monitor) events.log('info', monitorLine(ref, result.monitor), { runId, node });
  if (result.audit)
    events.log(
      'info',
      `${ref.relationName}: ${Object.entries(result.audit)
        .map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`)
        .join(', ')}`,
      { runId, node },
    );
}

/** The line a node skipped because an upstream node failed gets. */
export function logSkip(project: LoadedProject, id: string, because: string): void {
  const { graph } = project;
  const upstream = graph.nodes.get(because.replace(/ \(skipped\)$/, ''))?.name ?? because;
  project.events.log('info', `skipping ${graph.nodes.get(id)!.name}: upstream ${upstream} did not succeed`, {
    runId: project.invocationId,
    node: id,
  });
}

/** A result for a node that never ran. */
export function notRun(uniqueId: string, status: 'skipped' | 'cancelled', message: string): NodeResult {
  return { uniqueId, status, message, rowsAffected: null, timing: [], elapsedMs: 0 };
}
