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

/**
 * The first cycle found, as unique ids, first node repeated at the end (a → b → a).
 * Depth-first from each id in sorted order, children in sorted order; an explicit
 * stack, so a 50,000-long ref chain does not exhaust the call stack.
 */
export function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, 1 | 2>(); // 1 = on the path, 2 = done
  const frame = (id: string) => ({ id, children: [...(graph.children.get(id) ?? [])].sort(), next: 0 });
  for (const root of [...graph.nodes.keys()].sort()) {
    if (state.has(root)) continue;
    const path = [frame(root)];
    state.set(root, 1);
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      if (top.next === top.children.length) {
        state.set(top.id, 2);
        path.pop();
        continue;
      }
      const child = top.children[top.next++]!;
      const s = state.get(child);
      if (s === 1) {
        const ids = path.map((f) => f.id);
        return [...ids.slice(ids.indexOf(child)), child];
      }
      if (s === undefined) {
        state.set(child, 1);
        path.push(frame(child));
      }
    }
  }
  return undefined;
}

/**
 * Whether the graph has no cycle, by Kahn's count: nodes whose parents are all counted are counted, and every node
 * is counted exactly when there is no cycle. No sorting and no path, so the usual answer (none) is cheap; a cycle
 * is then found and named by findCycle.
 */
function acyclicCount(graph: Graph): boolean {
  const waiting = new Map<string, number>();
  const ready: string[] = [];
  for (const [id, parents] of graph.parents) {
    waiting.set(id, parents.size);
    if (parents.size === 0) ready.push(id);
  }
  let counted = 0;
  while (ready.length > 0) {
    const id = ready.pop()!;
    counted++;
    for (const c of graph.children.get(id) ?? []) {
      const left = waiting.get(c)! - 1;
      waiting.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  return counted === graph.nodes.size;
}

/** Graphs already found acyclic (a graph is not changed once built): a command checks once, not at every order. */
const acyclic = new WeakSet<Graph>();

/** Throws a graph-cycle error naming the whole path, with the file of each node. */
export function assertAcyclic(graph: Graph): void {
  if (acyclic.has(graph)) return;
  const cycle = acyclicCount(graph) ? undefined : findCycle(graph);
  if (!cycle) {
    acyclic.add(graph);
    return;
  }
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
  const children = (id: string) => [...(graph.children.get(id) ?? [])].filter((c) => within.has(c));
  // Reverse post-order of a depth-first walk that starts from the last id and takes children last to first
  // (the order the toposort package gave), with an explicit stack instead of recursion.
  const order: string[] = new Array<string>(ids.length);
  let cursor = ids.length;
  const visited = new Set<string>();
  for (let i = ids.length - 1; i >= 0; i--) {
    const root = ids[i]!;
    if (visited.has(root)) continue;
    visited.add(root);
    const stack: { id: string; children: string[]; next: number }[] = [];
    const first = children(root);
    stack.push({ id: root, children: first, next: first.length });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === 0) {
        order[--cursor] = top.id;
        stack.pop();
        continue;
      }
      const child = top.children[--top.next]!;
      if (visited.has(child)) continue;
      visited.add(child);
      const grand = children(child);
      stack.push({ id: child, children: grand, next: grand.length });
    }
  }
  return order;
}

/**
 * Every node reachable from any of `starts` through `next`, up to `depth` steps
 * (breadth first from all starts at once, so n starts on a chain cost one walk,
 * not n). A start is included only when another start reaches it.
 */
function walk(
  starts: Iterable<string>,
  next: ReadonlyMap<string, ReadonlySet<string>>,
  depth: number | undefined,
): Set<string> {
  const seen = new Set<string>();
  let frontier = [...new Set(starts)];
  let level = 0;
  while (frontier.length > 0 && (depth === undefined || level < depth)) {
    const nextFrontier: string[] = [];
    for (const id of frontier) {
      for (const n of next.get(id) ?? []) {
        if (seen.has(n)) continue;
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
  return ancestorsOfAll(graph, [id], depth);
}

/** Everything downstream of a node (not the node itself), up to `depth` generations. */
export function descendants(graph: Graph, id: string, depth?: number): Set<string> {
  return descendantsOfAll(graph, [id], depth);
}

/** The union of the ancestors of every id in `ids` (a start is in it only when it is another's ancestor). */
export function ancestorsOfAll(graph: Graph, ids: Iterable<string>, depth?: number): Set<string> {
  return walk(ids, graph.parents, depth);
}

/** The union of the descendants of every id in `ids` (a start is in it only when it is another's descendant). */
export function descendantsOfAll(graph: Graph, ids: Iterable<string>, depth?: number): Set<string> {
  return walk(ids, graph.children, depth);
}
