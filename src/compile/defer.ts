import type { Graph } from '../graph/index.js';
import type { ProjectNode, Relation } from '../parse/index.js';

/** What deciding --defer needs: the run's selection, the state's relations, and what the target holds. */
export interface DeferInputs {
  graph: Graph;
  /** The nodes this run builds or tests. */
  selected: ReadonlySet<string>;
  /** The relation the state manifest records for a node (undefined: not there, or no relation). */
  stateRelation(id: string): Relation | undefined;
  /** Whether the current target holds a relation. */
  existsInTarget(rel: Relation): boolean;
  /** --favor-state: defer even when the target has the relation. */
  favorState: boolean;
}

/** Kinds of node whose relation a ref can read from another target. */
const DEFERRABLE = new Set(['model', 'seed', 'snapshot']);

const sameRelation = (a: Relation, b: Relation) =>
  a.schema === b.schema && a.identifier === b.identifier && (a.database ?? '') === (b.database ?? '');

/**
 * The unselected nodes that selected nodes read, directly or through
 * ephemeral models compiled into them: the only candidates for deferral.
 */
export function deferCandidates(graph: Graph, selected: ReadonlySet<string>): ProjectNode[] {
  const out = new Map<string, ProjectNode>();
  const seen = new Set<string>();
  const stack = [...selected];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const pid of graph.parents.get(id) ?? []) {
      if (selected.has(pid) || seen.has(pid)) continue;
      seen.add(pid);
      const p = graph.nodes.get(pid)!;
      if (p.config.materialized === 'ephemeral') stack.push(pid);
      else if (DEFERRABLE.has(p.resourceType) && p.relation) out.set(pid, p);
    }
  }
  return [...out.values()];
}

/**
 * dbt's --defer: a ref to a node this run does not select resolves to the
 * state manifest's relation when the current target lacks its own (always,
 * with --favor-state). `{{ this }}` never defers: only parents do.
 * Returns the deferred relation of each such node, by unique id.
 */
export function planDeferral(inputs: DeferInputs): Map<string, Relation> {
  const out = new Map<string, Relation>();
  for (const node of deferCandidates(inputs.graph, inputs.selected)) {
    const there = inputs.stateRelation(node.uniqueId);
    if (!there || sameRelation(there, node.relation!)) continue;
    if (inputs.favorState || !inputs.existsInTarget(node.relation!)) out.set(node.uniqueId, there);
  }
  return out;
}
