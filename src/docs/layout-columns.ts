/**
 * The lineage layout for projects too big for dagre: dagre recurses once per
 * column (a ref chain of ~2,000 models exhausts the stack) and its crossing
 * reduction takes tens of seconds past a few thousand nodes. Here, with no
 * recursion and in about linear time: each node's column is its longest path
 * from a root (as the dagre layout's), each column is ordered by the average
 * row of the node's parents (one sweep, ties by id), and edges are S-curves.
 */
import type { DocsLayout } from './types.js';

export interface ColumnLayoutInput {
  id: string;
  /** Node width in pixels. */
  width: number;
  /** Parents among the laid-out nodes (others are ignored). */
  parents: readonly string[];
}

const MARGIN = 20;
const NODE_GAP = 14;
const COLUMN_GAP = 64;

/**
 * Each node's column: 0 for a node without parents, else one more than its
 * furthest parent. Kahn's algorithm, so no recursion; nodes on a cycle (a
 * graph that should have none) go to the column after the last.
 */
export function longestPathRanks(nodes: readonly ColumnLayoutInput[]): Map<string, number> {
  const known = new Set(nodes.map((n) => n.id));
  const children = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const n of nodes) {
    const parents = new Set(n.parents.filter((p) => known.has(p) && p !== n.id));
    waiting.set(n.id, parents.size);
    for (const p of parents) {
      const list = children.get(p);
      if (list) list.push(n.id);
      else children.set(p, [n.id]);
    }
  }
  const rank = new Map<string, number>();
  const ready = nodes.filter((n) => waiting.get(n.id) === 0).map((n) => n.id);
  for (const id of ready) rank.set(id, 0);
  while (ready.length > 0) {
    const id = ready.pop()!;
    const next = rank.get(id)! + 1;
    for (const c of children.get(id) ?? []) {
      rank.set(c, Math.max(rank.get(c) ?? 0, next));
      const left = waiting.get(c)! - 1;
      waiting.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  let last = -1;
  for (const r of rank.values()) if (r > last) last = r;
  for (const n of nodes) if (waiting.get(n.id)! > 0) rank.set(n.id, last + 1);
  return rank;
}

/** Columns by longest path, rows by the parents' mean row: the big-project layout (see the file comment). */
export function columnLayout(input: readonly ColumnLayoutInput[], nodeHeight: number): DocsLayout {
  const nodes = [...input].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rank = longestPathRanks(nodes);
  const columns: ColumnLayoutInput[][] = [];
  for (const n of nodes) (columns[rank.get(n.id)!] ??= []).push(n);
  const row = new Map<string, number>();
  const known = new Set(nodes.map((n) => n.id));
  for (const column of columns) {
    if (!column) continue;
    const key = new Map<string, number>();
    for (const n of column) {
      const rows = n.parents.filter((p) => known.has(p) && row.has(p)).map((p) => row.get(p)!);
      key.set(n.id, rows.length === 0 ? -1 : rows.reduce((a, b) => a + b, 0) / rows.length);
    }
    // Stable sort: ties keep id order.
    column.sort((a, b) => key.get(a.id)! - key.get(b.id)!);
    column.forEach((n, i) => row.set(n.id, i));
  }
  const placed = new Map<string, { x: number; y: number; width: number; height: number }>();
  let x = MARGIN;
  let bottom = MARGIN;
  for (const column of columns) {
    if (!column) continue;
    let widest = 0;
    for (const n of column) {
      const y = MARGIN + row.get(n.id)! * (nodeHeight + NODE_GAP);
      placed.set(n.id, { x, y, width: n.width, height: nodeHeight });
      widest = Math.max(widest, n.width);
      bottom = Math.max(bottom, y + nodeHeight);
    }
    x += widest + COLUMN_GAP;
  }
  const edges: DocsLayout['edges'] = [];
  for (const n of nodes) {
    const to = placed.get(n.id)!;
    for (const p of [...new Set(n.parents)].sort()) {
      const from = placed.get(p);
      if (!from || p === n.id) continue;
      const start = { x: from.x + from.width, y: from.y + nodeHeight / 2 };
      const end = { x: to.x, y: to.y + nodeHeight / 2 };
      const mid = (start.x + end.x) / 2;
      edges.push({ from: p, to: n.id, points: [start, { x: mid, y: start.y }, { x: mid, y: end.y }, end] });
    }
  }
  return {
    width: Math.ceil(Math.max(MARGIN, x - COLUMN_GAP) + MARGIN),
    height: Math.ceil(bottom + MARGIN),
    nodes: nodes.map((n) => ({ id: n.id, ...placed.get(n.id)! })),
    edges,
  };
}
