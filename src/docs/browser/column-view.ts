/**
 * Column lineage on the docs page: a node page's table of each column's upstream and downstream columns,
 * and the path of one column through the graph (what the lineage view highlights when a column is clicked).
 */
import { downstreamIndex, walkColumns, type NodeColumn } from '../../lineage/walk.js';
import type { LineageKind, ProjectLineage } from '../../lineage/index.js';
import type { ColumnLineageView } from '../../select/index.js';
import type { DocsData, DocsNode } from '../types.js';
import { h } from '../../web/browser/dom.js';

/** Where a column's values flow: copies and transforms (joins and filters decide rows, not values). */
export const VALUE_KINDS: readonly LineageKind[] = ['copy', 'transform'];

export interface ColumnPath {
  /** The columns on the path, the clicked one first. */
  columns: NodeColumn[];
  nodes: Set<string>;
  /** Graph edges (`from\0to`) a value flows along. */
  edges: Set<string>;
}

export class ColumnLineage {
  private readonly lineage: ProjectLineage;
  private readonly index;

  constructor(data: DocsData) {
    this.lineage = { nodes: data.columnLineage ?? {} };
    this.index = downstreamIndex(this.lineage);
  }

  get available(): boolean {
    return Object.keys(this.lineage.nodes).length > 0;
  }

  upstreamOf(node: string, column: string) {
    return this.lineage.nodes[node]?.columns.find((c) => c.name === column)?.upstream ?? [];
  }

  downstreamOf(node: string, column: string) {
    return this.index.get(`${node}\u0000${column}`) ?? [];
  }

  /** What the selector box's column: method reads (the same walk as `tsmodel ls`). */
  view(): ColumnLineageView {
    return {
      columnsOf: (node) => this.lineage.nodes[node]?.columns.map((c) => c.name) ?? [],
      reachable: (starts, direction, depth) => walkColumns(this.lineage, this.index, starts, direction, { depth }),
    };
  }

  /** The column, every column its value comes from, and every column computed from it. */
  path(node: string, column: string): ColumnPath {
    const start = { node, column };
    const opts = { kinds: VALUE_KINDS };
    const up = walkColumns(this.lineage, this.index, [start], 'up', opts);
    const down = walkColumns(this.lineage, this.index, [start], 'down', opts);
    const columns = [start, ...up, ...down];
    const on = new Set(columns.map((c) => `${c.node}\u0000${c.column}`));
    const edges = new Set<string>();
    for (const c of columns)
      for (const u of this.upstreamOf(c.node, c.column))
        if (VALUE_KINDS.includes(u.kind) && on.has(`${u.node}\u0000${u.column}`)) edges.add(`${u.node}\u0000${c.node}`);
    return { columns, nodes: new Set(columns.map((c) => c.node)), edges };
  }
}

function columnRef(byId: Map<string, DocsNode>, node: string, column: string, kind?: LineageKind): HTMLElement {
  return h(
    'a',
    { href: `#/node/${encodeURIComponent(node)}`, class: `col-ref kind-${kind ?? 'none'}`, title: kind ?? '' },
    `${byId.get(node)?.label ?? node}.${column}`,
    kind ? h('span', { class: 'kind' }, kind) : null,
  );
}

const key = (u: { node: string; column: string }) => `${u.node}\u0000${u.column}`;

/**
 * The node page's "Column lineage" card; clicking a column's name shows its path in the lineage graph.
 * What decides the rows of every column (the joins and filters of the query) is listed once, above the table.
 */
export function columnLineageCard(
  byId: Map<string, DocsNode>,
  lineage: ColumnLineage,
  n: DocsNode,
  entry: NonNullable<DocsData['columnLineage']>[string] | undefined,
  showColumn: (node: string, column: string) => void,
): HTMLElement | null {
  if (!entry || (entry.columns.length === 0 && !entry.unknown)) return null;
  const isValue = (kind: LineageKind) => VALUE_KINDS.includes(kind);
  // A join key used by every column (as a row dependency, or as the value of the key column itself).
  const used = entry.columns.map((c) => new Set(c.upstream.map(key)));
  const shared = (entry.columns.find((c) => c.upstream.some((u) => !isValue(u.kind)))?.upstream ?? []).filter(
    (u) => !isValue(u.kind) && used.every((set) => set.has(key(u))),
  );
  const sharedKeys = new Set(shared.map(key));
  const rows = entry.columns.map((c) => {
    const button = h('button', { type: 'button', class: 'column-link', 'data-column': c.name }, c.name);
    button.onclick = () => showColumn(n.id, c.name);
    const down = lineage.downstreamOf(n.id, c.name);
    const rowsOf = down.filter((d) => !isValue(d.kind)).length;
    return h(
      'tr',
      { 'data-column': c.name },
      h('td', {}, button),
      h(
        'td',
        { class: 'upstream' },
        ...c.upstream
          .filter((u) => isValue(u.kind) || !sharedKeys.has(key(u)))
          .map((u) => columnRef(byId, u.node, u.column, u.kind)),
        ...(c.unknown ?? []).map((why) => h('span', { class: 'unknown', title: why }, `unknown: ${why}`)),
      ),
      h(
        'td',
        { class: 'downstream' },
        ...down.filter((d) => isValue(d.kind)).map((d) => columnRef(byId, d.node, d.column, d.kind)),
        rowsOf > 0 ? h('span', { class: 'muted rows-of' }, `decides the rows of ${rowsOf} more`) : null,
      ),
    );
  });
  return h(
    'section',
    { class: 'card column-lineage' },
    h('h3', {}, 'Column lineage'),
    h(
      'p',
      { class: 'muted' },
      'From PostgreSQL’s own parser. copy: passed through or renamed · transform: computed from it · ' +
        'join / filter / group: decides which rows. Click a column to see its path in the lineage graph.',
    ),
    ...(entry.unknown ?? []).map((why) => h('p', { class: 'unknown' }, `Not fully known: ${why}`)),
    shared.length > 0
      ? h(
          'p',
          { class: 'rows-by' },
          h('span', { class: 'muted' }, 'Every row is decided by: '),
          ...shared.map((u) => columnRef(byId, u.node, u.column, u.kind)),
        )
      : null,
    h(
      'table',
      { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Upstream'), h('th', {}, 'Downstream'))),
      h('tbody', {}, ...rows),
    ),
  );
}
