import toposort from 'toposort';
import { TsmodelError, type SourceLocation } from '../errors/index.js';
import type { ProjectNode } from '../parse/types.js';
import type { Graph } from './types.js';

/** Builds the graph from nodes whose dependsOn.nodes are already resolved to unique ids. */
export function buildGraph(nodes: Iterable<ProjectNode>): Graph {
  const nodeMap = new Map<string, ProjectNode>();
  const parents = new Map<string, Set<string>>();
  const children = new Map<string, Set<string>>();
  for (const n of nodes) {
    nodeMap.set(n.uniqueId, n);
    parents.set(n.uniqueId, new Set());
    children.set(n.uniqueId, new Set());
  }
  for (const n of nodeMap.values()) {
    for (const p of n.dependsOn.nodes) {
      if (!nodeMap.has(p)) continue;
      parents.get(n.uniqueId)!.add(p);
      children.get(p)!.add(n.uniqueId);
    }
  }
  return { nodes: nodeMap, parents, children };
}

/** Every cycle's path, as unique ids, first node repeated at the end (a → b → a). */
export function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, 1 | 2>(); // 1 = on stack, 2 = done
  const stack: string[] = [];
  const ids = [...graph.nodes.keys()].sort();
  const visit = (id: string): string[] | undefined => {
    state.set(id, 1);
    stack.push(id);
    for (const child of [...(graph.children.get(id) ?? [])].sort()) {
      const s = state.get(child);
      if (s === 1) return [...stack.slice(stack.indexOf(child)), child];
      if (s === undefined) {
        const found = visit(child);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const id of ids) {
    if (state.has(id)) continue;
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** Throws a graph-cycle error naming the whole path, with the file of each node. */
export function assertAcyclic(graph: Graph): void {
  const cycle = findCycle(graph);
  if (!cycle) return;
  const names = cycle.map((id) => graph.nodes.get(id)?.name ?? id);
  const first = graph.nodes.get(cycle[0]!);
  const files = [...new Set(cycle.slice(0, -1).map((id) => graph.nodes.get(id)?.originalFilePath ?? id))];
  // Point at the ref() that closes the loop: in the second node, the call naming the first.
  const second = graph.nodes.get(cycle[1]!);
  const closing = first && second?.refs.find((r) => r.name === first.name)?.location;
  const location: SourceLocation | undefined = closing ?? (first ? { file: first.originalFilePath } : undefined);
  throw new TsmodelError('graph-cycle', `Found a dependency cycle: ${names.join(' → ')}`, {
    location,
    hint: `Break the cycle by removing one of these ref() calls (files: ${files.join(', ')}).`,
  });
}

/**
 * Nodes in dependency order (parents first), ties broken by unique id so the
 * order is stable. Throws a graph-cycle error with the path.
 */
export function topologicalOrder(graph: Graph, subset?: ReadonlySet<string>): string[] {
  assertAcyclic(graph);
  const ids = [...(subset ?? graph.nodes.keys())].sort();
  const within = new Set(ids);
  const edges: [string, string][] = [];
  for (const id of ids) {
    for (const child of graph.children.get(id) ?? []) if (within.has(child)) edges.push([id, child]);
  }
  const ordered = toposort.array(ids, edges);
  return ordered;
}

function walk(start: string, next: ReadonlyMap<string, ReadonlySet<string>>, depth: number | undefined): Set<string> {
  const seen = new Set<string>();
  let frontier = [start];
  let level = 0;
  while (frontier.length > 0 && (depth === undefined || level < depth)) {
    const nextFrontier: string[] = [];
    for (const id of frontier) {
      for (const n of next.get(id) ?? []) {
        if (seen.has(n) || n === start) continue;
        seen.add(n);
        nextFrontier.push(n);
      }
    }
    frontier = nextFrontier;
    level++;
  }
  return seen;
}

/** Everything upstream of a node (not the node itself), up to `depth` generations. */
export function ancestors(graph: Graph, id: string, depth?: number): Set<string> {
  return walk(id, graph.parents, depth);
}

/** Everything downstream of a node (not the node itself), up to `depth` generations. */
export function descendants(graph: Graph, id: string, depth?: number): Set<string> {
  return walk(id, graph.children, depth);
}
