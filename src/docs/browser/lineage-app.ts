/** The docs page's script: routes between the lineage, a node's page and the quality overview. */
import type { DocsData, DocsNode } from '../types.js';
import { byId, clear, h, readEmbedded } from '../../web/browser/dom.js';
import { GraphView } from './graph-view.js';
import { layerColor, TYPE_ORDER, TYPE_STYLE } from './palette.js';
import { renderNode } from './node-view.js';
import { renderQuality } from './quality-view.js';
import { runSelection, selectionGraph } from './selection.js';
import { ColumnLineage, columnLineageCard } from './column-view.js';

const data = readEmbedded<DocsData>('tsmodel-docs-data');
const nodes = new Map(data.nodes.map((n) => [n.id, n]));
const graphForSelection = selectionGraph(data.nodes);
const columns = new ColumnLineage(data);
const columnView = columns.available ? () => columns.view() : undefined;

function sidebar(): HTMLElement {
  const filter = h('input', { id: 'node-filter', type: 'search', placeholder: 'Find a node…', autocomplete: 'off' });
  const groups: HTMLElement[] = [];
  for (const type of TYPE_ORDER.filter((t) => t !== 'test')) {
    const ofType = data.nodes.filter((n) => n.resourceType === type);
    if (ofType.length === 0) continue;
    const layers = [...new Set(ofType.map((n) => n.layer))].sort(
      (a, b) => data.layers.indexOf(a) - data.layers.indexOf(b),
    );
    groups.push(
      h('h4', {}, `${TYPE_STYLE[type]?.plural ?? type} (${ofType.length})`),
      ...layers.map((layer) =>
        h(
          'ul',
          { class: 'tree' },
          layers.length > 1 || type === 'model'
            ? h(
                'li',
                { class: 'tree-layer' },
                h('span', { class: 'swatch', style: `background:${layerColor(data.layers.indexOf(layer)).fill}` }),
                layer,
              )
            : null,
          ...ofType
            .filter((n) => n.layer === layer)
            .sort((a, b) => a.label.localeCompare(b.label))
            .map((n) =>
              h(
                'li',
                { class: 'tree-node', 'data-label': n.label.toLowerCase() },
                h('a', { href: `#/node/${encodeURIComponent(n.id)}`, 'data-id': n.id }, n.label),
              ),
            ),
        ),
      ),
    );
  }
  const tree = h('nav', { class: 'tree-wrap' }, ...groups);
  filter.oninput = () => {
    const q = filter.value.trim().toLowerCase();
    for (const li of tree.querySelectorAll<HTMLElement>('li.tree-node'))
      li.hidden = q !== '' && !(li.dataset.label ?? '').includes(q);
  };
  return h('aside', { class: 'sidebar' }, filter, tree);
}

function legend(): HTMLElement {
  const shownTypes = TYPE_ORDER.filter((t) => t !== 'test' && data.nodes.some((n) => n.resourceType === t));
  return h(
    'div',
    { class: 'legend' },
    ...data.layers.map((l, i) =>
      h(
        'span',
        { class: 'legend-item' },
        h('span', { class: 'swatch', style: `background:${layerColor(i).fill};border-color:${layerColor(i).ink}` }),
        l,
      ),
    ),
    h('span', { class: 'legend-sep' }),
    ...shownTypes.map((t) =>
      h(
        'span',
        { class: 'legend-item' },
        h(
          'span',
          { class: 'type-letter', style: `color:${TYPE_STYLE[t]!.color};border-color:${TYPE_STYLE[t]!.color}` },
          TYPE_STYLE[t]!.letter,
        ),
        t,
      ),
    ),
    ...(data.nodes.some((n) => n.deferredFrom)
      ? [
          h('span', { class: 'legend-sep' }),
          h(
            'span',
            { class: 'legend-item legend-deferred', title: 'The last --defer run read it from the state' },
            h('span', { class: 'swatch deferred-swatch' }),
            'deferred (read from the state)',
          ),
        ]
      : []),
  );
}

const graph = new GraphView(data, (id) => (location.hash = `#/node/${encodeURIComponent(id)}`));
const selectInput = h('input', {
  id: 'select',
  type: 'search',
  placeholder: 'e.g. warehouse+  +fact_sales  tag:nightly  @dim_date',
  autocomplete: 'off',
  spellcheck: 'false',
});
const excludeInput = h('input', {
  id: 'exclude',
  type: 'search',
  placeholder: 'exclude…',
  autocomplete: 'off',
  spellcheck: 'false',
});
const summary = h(
  'div',
  { id: 'selection-summary', class: 'muted', 'data-state': 'idle' },
  'Type a selector to highlight what `tsmodel ls --select` would list.',
);
const list = h('ol', { id: 'selection-list', class: 'selection-list' });

function applySelection(): void {
  const sel = selectInput.value;
  const exc = excludeInput.value;
  clear(list);
  if (!sel.trim() && !exc.trim()) {
    graph.highlight(null);
    summary.dataset.state = 'idle';
    summary.textContent = 'Type a selector to highlight what `tsmodel ls --select` would list.';
    return;
  }
  const out = runSelection(graphForSelection, sel, exc, columnView);
  if (!out.ok) {
    graph.highlight(new Set());
    summary.dataset.state = 'error';
    summary.textContent = `${out.message}${out.hint ? ` — ${out.hint}` : ''}`;
    return;
  }
  graph.highlight(out.ids);
  const chosen = data.nodes.filter((n) => out.ids.has(n.id));
  const counts = TYPE_ORDER.map((t) => [t, chosen.filter((n) => n.resourceType === t).length] as const).filter(
    ([, c]) => c > 0,
  );
  summary.dataset.state = 'ok';
  summary.dataset.count = String(chosen.length);
  summary.textContent =
    chosen.length === 0
      ? 'Nothing matches.'
      : `${chosen.length} selected: ` +
        counts.map(([t, c]) => `${c} ${c === 1 ? t : (TYPE_STYLE[t]?.plural ?? t).toLowerCase()}`).join(', ');
  for (const n of chosen)
    list.append(
      h(
        'li',
        { 'data-id': n.id },
        h('a', { href: `#/node/${encodeURIComponent(n.id)}` }, n.label),
        h('span', { class: 'muted' }, ` ${n.resourceType}`),
      ),
    );
  history.replaceState(null, '', `#/lineage?${new URLSearchParams({ select: sel, exclude: exc }).toString()}`);
}
/** A clicked column: its path from the sources to the analyses, highlighted in the graph and listed. */
function applyColumn(node: string, column: string): void {
  const path = columns.path(node, column);
  graph.highlightPath(path.nodes, path.edges);
  clear(list);
  summary.dataset.state = 'column';
  summary.dataset.count = String(path.nodes.size);
  const label = `${nodes.get(node)?.label ?? node}.${column}`;
  summary.textContent = `Column ${label}: ${path.columns.length} columns in ${path.nodes.size} nodes carry its values.`;
  for (const c of path.columns)
    list.append(
      h(
        'li',
        { 'data-id': c.node, 'data-column': c.column },
        h('a', { href: `#/node/${encodeURIComponent(c.node)}` }, `${nodes.get(c.node)?.label ?? c.node}.${c.column}`),
      ),
    );
}

function showColumn(node: string, column: string): void {
  selectInput.value = '';
  excludeInput.value = '';
  location.hash = `#/lineage?${new URLSearchParams({ column: `${node}:${column}` }).toString()}`;
}

selectInput.oninput = applySelection;
excludeInput.oninput = applySelection;

const notes = data.notes.length > 0 ? h('div', { class: 'notes' }, ...data.notes.map((n) => h('p', {}, n))) : null;
const lineageView = h(
  'section',
  { id: 'view-lineage', class: 'view' },
  h(
    'div',
    { class: 'toolbar' },
    h('label', { for: 'select' }, '--select'),
    selectInput,
    h('label', { for: 'exclude' }, '--exclude'),
    excludeInput,
  ),
  summary,
  legend(),
  graph.element,
  h('details', { class: 'selection-details' }, h('summary', {}, 'Selected nodes'), list),
  notes,
);
const nodeView = h('section', { id: 'view-node', class: 'view' });
const qualityView = h('section', { id: 'view-quality', class: 'view' }, renderQuality(data));

const run = data.run;
const header = h(
  'header',
  { class: 'topbar' },
  h('h1', {}, data.project.name, h('span', { class: 'muted' }, ' · tsmodel docs')),
  h(
    'nav',
    { class: 'tabs' },
    h('a', { id: 'tab-lineage', href: '#/lineage' }, 'Lineage'),
    h('a', { id: 'tab-quality', href: '#/quality' }, 'Quality'),
  ),
  h(
    'span',
    { class: 'muted meta' },
    `${data.nodes.filter((n) => n.resourceType !== 'test').length} nodes · ` +
      `${data.nodes.filter((n) => n.resourceType === 'test').length} tests · target ` +
      `${data.project.targetName} (${data.project.adapterType}) · generated ` +
      `${new Date(data.project.generatedAt).toLocaleString()}` +
      `${run?.generatedAt ? ` · last run ${new Date(run.generatedAt).toLocaleString()}` : ''}`,
  ),
);

const app = byId('app');
clear(app);
app.append(
  header,
  h('div', { class: 'layout' }, sidebar(), h('main', { id: 'main' }, lineageView, nodeView, qualityView)),
);

let fitted = false;
function showInLineage(selector: string): void {
  selectInput.value = selector;
  excludeInput.value = '';
  location.hash = `#/lineage?${new URLSearchParams({ select: selector }).toString()}`;
}

function route(): void {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [path, query] = [hash.split('?')[0] ?? '', location.hash.split('?')[1] ?? ''];
  const view = path.startsWith('node/') ? 'node' : path === 'quality' ? 'quality' : 'lineage';
  for (const [name, el] of [
    ['lineage', lineageView],
    ['node', nodeView],
    ['quality', qualityView],
  ] as const)
    el.hidden = name !== view;
  byId('tab-lineage').classList.toggle('active', view === 'lineage');
  byId('tab-quality').classList.toggle('active', view === 'quality');
  for (const a of document.querySelectorAll<HTMLElement>('.tree a'))
    a.classList.toggle('active', view === 'node' && a.dataset.id === path.slice(5));
  if (view === 'node') {
    const n: DocsNode | undefined = nodes.get(path.slice(5));
    clear(nodeView);
    nodeView.append(
      n
        ? renderNode(
            nodes,
            n,
            showInLineage,
            columnLineageCard(nodes, columns, n, data.columnLineage?.[n.id], showColumn),
          )
        : h('p', { class: 'error-text' }, `No node ${path.slice(5)} in this project.`),
    );
    graph.setCurrent(n?.id);
    window.scrollTo(0, 0);
  }
  if (view === 'lineage') {
    const params = new URLSearchParams(query);
    if (params.has('select') || params.has('exclude')) {
      selectInput.value = params.get('select') ?? '';
      excludeInput.value = params.get('exclude') ?? '';
    }
    const column = params.get('column');
    const colon = column?.lastIndexOf(':') ?? -1;
    if (column && colon > 0) applyColumn(column.slice(0, colon), column.slice(colon + 1));
    else applySelection();
    if (!fitted) {
      graph.fit();
      fitted = true;
    }
  }
}
window.addEventListener('hashchange', route);
route();
document.body.dataset.ready = 'true';
