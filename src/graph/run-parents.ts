import type { Graph } from './types.js';

const isEphemeral = (graph: Graph, id: string) => {
  const n = graph.nodes.get(id);
  return n?.resourceType === 'model' && n.config.materialized === 'ephemeral';
};

/**
 * The parents a node waits for when the DAG runs. An ephemeral model builds
 * nothing (it is inlined where it is used), so it is not in a run's order: a
 * node that uses one, or a test on one, waits instead for what the ephemeral
 * reads, through any chain of ephemerals.
 */
export function runParents(graph: Graph, id: string): Set<string> {
  return bridged(graph, graph.parents, id);
}

/** The children of a node when the DAG runs: an ephemeral child stands for what uses it (see runParents). */
export function runChildren(graph: Graph, id: string): Set<string> {
  return bridged(graph, graph.children, id);
}

function bridged(graph: Graph, next: Graph['parents'], id: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const stack = [...(next.get(id) ?? [])];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    if (isEphemeral(graph, p)) stack.push(...(next.get(p) ?? []));
    else out.add(p);
  }
  return out;
}
