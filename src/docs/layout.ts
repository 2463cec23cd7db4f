import { Graph, layout, type Edge, type EdgeLabel, type GraphLabel, type NodeLabel, type Point } from '@dagrejs/dagre';
import { columnLayout, longestPathRanks } from './layout-columns.js';
import type { DocsLayout } from './types.js';

export interface LayoutInput {
  id: string;
  label: string;
  /** Parents among the laid-out nodes. */
  parents: readonly string[];
}

/** Label width in the page's 12px monospace font, plus room for the type badge and padding. */
export function nodeWidth(label: string): number {
  return Math.ceil(label.length * 7.3) + 62;
}

export const NODE_HEIGHT = 32;

const round = (n: number) => Math.round(n * 10) / 10;

type LayoutGraph = Graph<GraphLabel, NodeLabel, EdgeLabel>;

/**
 * dagre's ranker, replaced: each node's column is the longest path to it (in
 * edge lengths) from a root, so every seed and source starts at the left, as
 * in dbt's docs. dagre has made the graph acyclic before it calls this.
 */
function longestPathFromRoots(g: LayoutGraph): void {
  // Kahn's order over the in-edges, without recursion: a 50,000-node chain must not exhaust the stack.
  const waiting = new Map<string, number>();
  const ready: string[] = [];
  for (const v of g.nodes()) {
    const n = (g.inEdges(v) ?? []).length;
    waiting.set(v, n);
    g.node(v).rank = 0;
    if (n === 0) ready.push(v);
  }
  while (ready.length > 0) {
    const v = ready.pop()!;
    const rank = g.node(v).rank ?? 0;
    for (const e of g.outEdges(v) ?? []) {
      const w = g.node(e.w);
      w.rank = Math.max(w.rank ?? 0, rank + ((g.edge(e) as EdgeLabel).minlen ?? 1));
      const left = waiting.get(e.w)! - 1;
      waiting.set(e.w, left);
      if (left === 0) ready.push(e.w);
    }
  }
}

/**
 * Past these, dagre is not used (columnLayout is): it recurses once per column
 * (about 2,000 exhaust the stack) and takes seconds per thousand nodes.
 */
const DAGRE_MAX_NODES = 1500;
const DAGRE_MAX_COLUMNS = 500;

/**
 * Lays the lineage out left to right with dagre (a Sugiyama-style layered
 * layout): columns from the longest path (sources and seeds first), then
 * dagre orders each column to reduce crossings and routes the edges.
 * Sorted input, so the same project always gets the same picture. A project
 * too big for dagre gets the simpler columnLayout (layout-columns.ts).
 */
export function layoutLineage(nodes: readonly LayoutInput[]): DocsLayout {
  const sized = nodes.map((n) => ({ id: n.id, width: nodeWidth(n.label), parents: n.parents }));
  if (nodes.length > DAGRE_MAX_NODES) return columnLayout(sized, NODE_HEIGHT);
  let columns = 0;
  for (const r of longestPathRanks(sized).values()) columns = Math.max(columns, r + 1);
  if (columns > DAGRE_MAX_COLUMNS) return columnLayout(sized, NODE_HEIGHT);
  const g: LayoutGraph = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: false });
  g.setGraph({
    rankdir: 'LR',
    nodesep: 14,
    ranksep: 64,
    edgesep: 10,
    marginx: 20,
    marginy: 20,
    ranker: longestPathFromRoots as unknown as GraphLabel['ranker'],
  });
  g.setDefaultEdgeLabel(() => ({}));
  const sorted = [...nodes].sort((a, b) => a.id.localeCompare(b.id));
  const ids = new Set(sorted.map((n) => n.id));
  for (const n of sorted) g.setNode(n.id, { width: nodeWidth(n.label), height: NODE_HEIGHT });
  for (const n of sorted) for (const p of [...n.parents].sort()) if (ids.has(p)) g.setEdge(p, n.id);
  layout(g);
  const graph = g.graph();
  return {
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    nodes: sorted.map((n) => {
      const p = g.node(n.id) as NodeLabel & { x: number; y: number };
      return { id: n.id, x: round(p.x - p.width / 2), y: round(p.y - p.height / 2), width: p.width, height: p.height };
    }),
    edges: g.edges().map((e: Edge) => ({
      from: e.v,
      to: e.w,
      points: ((g.edge(e) as EdgeLabel).points ?? []).map((pt: Point) => ({ x: round(pt.x), y: round(pt.y) })),
    })),
  };
}
