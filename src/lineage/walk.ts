import type { ProjectLineage } from './project.js';
import type { LineageKind } from './types.js';

/** A column of a node. */
export interface NodeColumn {
  node: string;
  column: string;
}

export interface ColumnEdge extends NodeColumn {
  kind: LineageKind;
}

/** Who reads each column: `node\0column` → the columns computed from it, and how. */
export type DownstreamIndex = ReadonlyMap<string, readonly ColumnEdge[]>;

export const columnKey = (node: string, column: string): string => `${node}\u0000${column}`;

export function downstreamIndex(lineage: ProjectLineage): DownstreamIndex {
  const out = new Map<string, ColumnEdge[]>();
  for (const [node, entry] of Object.entries(lineage.nodes))
    for (const col of entry.columns)
      for (const up of col.upstream) {
        const k = columnKey(up.node, up.column);
        const list = out.get(k) ?? [];
        list.push({ node, column: col.name, kind: up.kind });
        out.set(k, list);
      }
  return out;
}

/** The columns directly computed from `start` (its children) or that it is computed from (its parents). */
export function columnNeighbours(
  lineage: ProjectLineage,
  index: DownstreamIndex,
  start: NodeColumn,
  direction: 'up' | 'down',
): ColumnEdge[] {
  if (direction === 'down') return [...(index.get(columnKey(start.node, start.column)) ?? [])];
  const col = lineage.nodes[start.node]?.columns.find((c) => c.name === start.column);
  return col ? col.upstream.map((u) => ({ node: u.node, column: u.column, kind: u.kind })) : [];
}

/**
 * Every column reachable from `starts` (not counting them), up to `depth` steps (unlimited when undefined).
 * `kinds` limits the edges followed (e.g. only copy and transform: where the values flow).
 */
export function walkColumns(
  lineage: ProjectLineage,
  index: DownstreamIndex,
  starts: readonly NodeColumn[],
  direction: 'up' | 'down',
  opts: { depth?: number; kinds?: readonly LineageKind[] } = {},
): NodeColumn[] {
  const seen = new Set(starts.map((s) => columnKey(s.node, s.column)));
  const out: NodeColumn[] = [];
  let frontier = [...starts];
  for (let step = 0; frontier.length > 0 && (opts.depth === undefined || step < opts.depth); step++) {
    const next: NodeColumn[] = [];
    for (const from of frontier)
      for (const edge of columnNeighbours(lineage, index, from, direction)) {
        if (opts.kinds && !opts.kinds.includes(edge.kind)) continue;
        const k = columnKey(edge.node, edge.column);
        if (seen.has(k)) continue;
        seen.add(k);
        const col = { node: edge.node, column: edge.column };
        out.push(col);
        next.push(col);
      }
    frontier = next;
  }
  return out;
}
