/** The lineage graph: the layout computed at generation time, drawn as SVG, with highlight and focus. */
import type { DocsData, DocsNode } from '../types.js';
import { h, s } from '../../web/browser/dom.js';
import { PanZoom } from './pan-zoom.js';
import { layerColor, TYPE_STYLE } from './palette.js';

/** A smooth path through dagre's edge points: a uniform B-spline (as d3's curveBasis), which never overshoots. */
function edgePath(points: readonly { x: number; y: number }[]): string {
  const p = points;
  if (p.length === 0) return '';
  const f = (n: number) => n.toFixed(1);
  if (p.length < 3) return `M${f(p[0]!.x)},${f(p[0]!.y)}${p[1] ? ` L${f(p[1].x)},${f(p[1].y)}` : ''}`;
  let d = `M${f(p[0]!.x)},${f(p[0]!.y)} L${f((5 * p[0]!.x + p[1]!.x) / 6)},${f((5 * p[0]!.y + p[1]!.y) / 6)}`;
  const seg = (a: { x: number; y: number }, b: { x: number; y: number }, c: { x: number; y: number }) =>
    ` C${f((2 * a.x + b.x) / 3)},${f((2 * a.y + b.y) / 3)} ${f((a.x + 2 * b.x) / 3)},` +
    `${f((a.y + 2 * b.y) / 3)} ${f((a.x + 4 * b.x + c.x) / 6)},${f((a.y + 4 * b.y + c.y) / 6)}`;
  for (let i = 2; i < p.length; i++) d += seg(p[i - 2]!, p[i - 1]!, p[i]!);
  const a = p[p.length - 2]!;
  const b = p[p.length - 1]!;
  return `${d}${seg(a, b, b)} L${f(b.x)},${f(b.y)}`;
}

export class GraphView {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly nodeEls = new Map<string, SVGGElement>();
  private readonly edgeEls: { from: string; to: string; el: SVGPathElement }[] = [];
  private readonly panZoom: PanZoom;
  private readonly centres = new Map<string, { x: number; y: number }>();

  constructor(data: DocsData, onOpen: (id: string) => void) {
    const nodes = new Map(data.nodes.map((n) => [n.id, n]));
    const viewport = s('g', { class: 'viewport' });
    this.svg = s(
      'svg',
      { id: 'lineage', class: 'lineage', role: 'img', 'aria-label': 'Lineage graph' },
      this.defs(),
      viewport,
    );
    const edges = s('g', { class: 'edges' });
    const boxes = s('g', { class: 'nodes' });
    viewport.append(edges, boxes);
    for (const e of data.layout.edges) {
      const el = s('path', {
        class: 'edge',
        d: edgePath(e.points),
        'marker-end': 'url(#arrow)',
        'data-from': e.from,
        'data-to': e.to,
      });
      edges.append(el);
      this.edgeEls.push({ from: e.from, to: e.to, el });
    }
    for (const l of data.layout.nodes) {
      const n = nodes.get(l.id)!;
      const g = this.drawNode(n, l.width, l.height, data.layers.indexOf(n.layer));
      g.setAttribute('transform', `translate(${l.x},${l.y})`);
      g.addEventListener('click', () => {
        if (!this.panZoom.dragged) onOpen(n.id);
      });
      boxes.append(g);
      this.nodeEls.set(n.id, g);
      this.centres.set(n.id, { x: l.x + l.width / 2, y: l.y + l.height / 2 });
    }
    this.panZoom = new PanZoom(this.svg, viewport, data.layout);
    const button = (label: string, title: string, act: () => void) => {
      const b = h('button', { type: 'button', class: 'icon-button', title }, label);
      b.onclick = act;
      return b;
    };
    this.element = h(
      'div',
      { class: 'graph-wrap' },
      this.svg,
      h(
        'div',
        { class: 'graph-controls' },
        button('+', 'Zoom in', () => this.panZoom.zoomBy(1.25)),
        button('−', 'Zoom out', () => this.panZoom.zoomBy(0.8)),
        button('⤢', 'Fit the graph', () => this.panZoom.fit()),
      ),
    );
  }

  private defs(): SVGDefsElement {
    return s(
      'defs',
      {},
      s(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }),
      ),
    );
  }

  private drawNode(n: DocsNode, w: number, hgt: number, layerIndex: number): SVGGElement {
    const type = TYPE_STYLE[n.resourceType] ?? TYPE_STYLE.model!;
    const color = layerColor(layerIndex);
    const status = n.run?.status;
    return s(
      'g',
      {
        class: `node type-${n.resourceType}${status ? ` status-${status}` : ''}${n.deferredFrom ? ' deferred' : ''}`,
        'data-id': n.id,
        'data-layer': n.layer,
        'data-type': n.resourceType,
        tabindex: 0,
      },
      s(
        'title',
        {},
        `${n.label} — ${n.resourceType}` +
          `${n.materialized && n.resourceType === 'model' ? ` (${n.materialized})` : ''}, layer ` +
          `${n.layer}${status ? `, last run: ${status}` : ''}` +
          `${n.deferredFrom ? `, read from ${n.deferredFrom} (deferred)` : ''}`,
      ),
      s('rect', { class: 'node-box', width: w, height: hgt, rx: 6, fill: color.fill, stroke: type.color }),
      s('rect', { class: 'node-stripe', width: 6, height: hgt, rx: 2, fill: type.color }),
      s('text', { class: 'node-label', x: 14, y: hgt / 2 + 4 }, n.label),
      s(
        'text',
        { class: 'node-badge', x: w - 10, y: hgt / 2 + 4, 'text-anchor': 'end', fill: type.color },
        type.letter,
      ),
      status === 'error' || status === 'fail' ? s('circle', { class: 'node-alert', cx: w - 2, cy: 2, r: 5 }) : null,
    );
  }

  /** After the graph is in the document (it needs its size). */
  fit(): void {
    this.panZoom.fit();
  }

  focus(id: string): void {
    const c = this.centres.get(id);
    if (c) this.panZoom.centerOn(c.x, c.y);
  }

  /** Marks `ids` as selected and dims the rest; null clears. */
  highlight(ids: ReadonlySet<string> | null): void {
    for (const [id, el] of this.nodeEls) {
      el.classList.toggle('selected', ids !== null && ids.has(id));
      el.classList.toggle('dimmed', ids !== null && !ids.has(id));
    }
    for (const e of this.edgeEls) {
      const on = ids !== null && ids.has(e.from) && ids.has(e.to);
      e.el.classList.toggle('selected', on);
      e.el.classList.toggle('dimmed', ids !== null && !on);
    }
  }

  /** A column's path: its nodes and the edges its values flow along (`from\0to`) are highlighted. */
  highlightPath(nodes: ReadonlySet<string>, edges: ReadonlySet<string>): void {
    this.highlight(nodes);
    for (const e of this.edgeEls) {
      const on = edges.has(`${e.from}\u0000${e.to}`);
      e.el.classList.toggle('selected', on);
      e.el.classList.toggle('dimmed', !on);
    }
  }

  /** The node whose page is open gets an outline. */
  setCurrent(id: string | undefined): void {
    for (const [nid, el] of this.nodeEls) el.classList.toggle('current', nid === id);
  }
}
