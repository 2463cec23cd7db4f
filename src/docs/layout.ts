import { Graph, layout } from '@dagrejs/dagre';
import type { DocsLayout } from './types.js';

export interface LayoutInput {
  id: string;
  label: string;
  /** Parents among the laid-out nodes. */
  parents: readonly string[];
}

/** Label width in the page's 12px monospace font, plus room for the type badge and padding. */
export function nodeWidth(label: string): number {
  return Math.ceil(label.length * 7.3) + 44;
}

export const NODE_HEIGHT = 32;

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Lays the lineage out left to right with dagre (a Sugiyama-style layered
 * layout): parents in earlier columns than their children, crossings reduced.
 * Sorted input, so the same project always gets the same picture.
 */
export function layoutLineage(nodes: readonly LayoutInput[]): DocsLayout {
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 64, edgesep: 10, marginx: 20, marginy: 20 });
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
      const p = g.node(n.id);
      return { id: n.id, x: round(p.x - p.width / 2), y: round(p.y - p.height / 2), width: p.width, height: p.height };
    }),
    edges: g.edges().map((e) => ({ from: e.v, to: e.w, points: (g.edge(e).points ?? []).map((pt) => ({ x: round(pt.x), y: round(pt.y) })) })),
  };
}
