/** A node's page: what it is, its columns and tests, its neighbours, its SQL, its last run and quality. */
import type { DocsNode, DocsTestRef } from '../types.js';
import { fmtNumber, fmtSeconds, h, scoreBar, statusPill } from '../../web/browser/dom.js';
import { TYPE_STYLE } from './palette.js';

export const DIMENSIONS = ['completeness', 'uniqueness', 'validity', 'consistency', 'referential_integrity'];

export function nodeLink(n: DocsNode | undefined, id: string): HTMLElement {
  return h(
    'a',
    { href: `#/node/${encodeURIComponent(id)}`, class: `node-link type-${n?.resourceType ?? 'unknown'}` },
    n?.label ?? id,
  );
}

function section(title: string, ...body: (Node | null)[]): HTMLElement {
  return h('section', { class: 'card' }, h('h3', {}, title), ...body);
}

function testPills(tests: readonly DocsTestRef[]): HTMLElement {
  return h(
    'span',
    { class: 'test-pills' },
    ...tests.map((t) =>
      h(
        'a',
        {
          href: `#/node/${encodeURIComponent(t.id)}`,
          class: `test-pill test-${t.status ?? 'none'}`,
          title: `${t.name}: ${t.status ?? 'not run'}`,
        },
        t.testName,
      ),
    ),
  );
}

function columnsTable(n: DocsNode): HTMLElement | null {
  if (n.columns.length === 0) return null;
  return h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Column'),
        h('th', {}, 'Type'),
        h('th', {}, 'Description'),
        h('th', {}, 'Constraints'),
        h('th', {}, 'Tests'),
      ),
    ),
    h(
      'tbody',
      {},
      ...n.columns.map((c) =>
        h(
          'tr',
          {},
          h('td', { class: 'mono' }, c.name),
          h('td', { class: 'mono' }, c.dataType ?? ''),
          h('td', {}, c.description),
          h('td', {}, c.constraints.join(', ')),
          h('td', {}, testPills(c.tests)),
        ),
      ),
    ),
  );
}

function testsTable(n: DocsNode): HTMLElement | null {
  if (n.tests.length === 0) return null;
  return h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Test'),
        h('th', {}, 'Kind'),
        h('th', {}, 'Column'),
        h('th', {}, 'Dimension'),
        h('th', {}, 'Status'),
        h('th', { class: 'num' }, 'Failures'),
      ),
    ),
    h(
      'tbody',
      {},
      ...n.tests.map((t) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: `#/node/${encodeURIComponent(t.id)}` }, t.name)),
          h('td', {}, t.testName),
          h('td', { class: 'mono' }, t.column ?? ''),
          h('td', {}, t.dimension ?? ''),
          h('td', {}, statusPill(t.status)),
          h('td', { class: 'num' }, fmtNumber(t.failures)),
        ),
      ),
    ),
  );
}

function runCard(n: DocsNode): HTMLElement {
  const r = n.run;
  if (!r) return section('Last run', h('p', { class: 'muted' }, 'Not in the last run_results.json.'));
  const done = r.timing.find((t) => t.name === 'execute')?.completedAt ?? r.timing.at(-1)?.completedAt;
  return section(
    'Last run',
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Status'),
      h('dd', {}, statusPill(r.status)),
      h('dt', {}, 'Time'),
      h('dd', {}, fmtSeconds(r.executionTime)),
      h('dt', {}, 'Rows'),
      h('dd', {}, fmtNumber(r.rowsAffected)),
      h('dt', {}, 'Finished'),
      h('dd', {}, done ? new Date(done).toLocaleString() : '—'),
    ),
    r.message
      ? h('p', { class: r.status === 'error' || r.status === 'fail' ? 'error-text' : 'muted' }, r.message)
      : null,
  );
}

function qualityCard(n: DocsNode): HTMLElement | null {
  if (!n.quality)
    return n.resourceType === 'test'
      ? null
      : section(
          'Quality',
          h(
            'p',
            { class: 'muted' },
            n.tests.length > 0 ? 'No score in quality_report.json for this node.' : 'No data tests on this node.',
          ),
        );
  const dims = n.quality.dimensions;
  return section(
    'Quality',
    h('div', { class: 'big-score' }, scoreBar(n.quality.score, 'overall')),
    h(
      'table',
      { class: 'grid dims' },
      h(
        'tbody',
        {},
        ...DIMENSIONS.filter((d) => dims[d]).map((d) =>
          h(
            'tr',
            {},
            h('td', {}, d.replace('_', ' ')),
            h('td', { class: 'wide' }, scoreBar(dims[d]!.score, d)),
            h('td', { class: 'num muted' }, `${dims[d]!.tests} tests, ${fmtNumber(dims[d]!.failures)} failing rows`),
          ),
        ),
      ),
    ),
  );
}

function sqlBlock(title: string, sql: string | undefined, error?: string): HTMLElement {
  return h(
    'details',
    { class: 'sql', open: true },
    h('summary', {}, title),
    error ? h('pre', { class: 'error-text' }, error) : h('pre', {}, h('code', {}, sql ?? '')),
  );
}

/** Neighbours other than tests (those have their own table). */
function neighbours(byId: Map<string, DocsNode>, ids: readonly string[], empty: string): HTMLElement {
  const shown = ids.filter((id) => byId.get(id)?.resourceType !== 'test');
  if (shown.length === 0) return h('p', { class: 'muted' }, empty);
  return h('ul', { class: 'links' }, ...shown.map((id) => h('li', {}, nodeLink(byId.get(id), id))));
}

/** An exposure's type, owner, maturity and link. */
function exposureFacts(n: DocsNode): HTMLElement[] {
  const e = n.exposure;
  if (!e) return [];
  const owner = [e.owner.name, e.owner.email && `<${e.owner.email}>`].filter(Boolean).join(' ');
  return [
    h('dt', {}, 'Exposure'),
    h('dd', {}, [e.label, e.type, e.maturity && `maturity ${e.maturity}`].filter(Boolean).join(' · ')),
    h('dt', {}, 'Owner'),
    h('dd', {}, owner),
    h('dt', {}, 'URL'),
    h('dd', { class: 'mono' }, e.url ? h('a', { href: e.url }, e.url) : '—'),
  ];
}

export function renderNode(
  byId: Map<string, DocsNode>,
  n: DocsNode,
  showInLineage: (selector: string) => void,
  /** The column lineage card (column-view.ts), when the page has lineage for this node. */
  columnCard: HTMLElement | null = null,
): HTMLElement {
  const type = TYPE_STYLE[n.resourceType];
  const lineageButton = h('button', { type: 'button', class: 'button' }, 'Show in lineage');
  lineageButton.onclick = () =>
    showInLineage(
      n.resourceType === 'source'
        ? `+source:${n.sourceName}.${n.name}+`
        : n.resourceType === 'exposure'
          ? `+exposure:${n.name}`
          : n.version !== undefined
            ? `+${n.name}.${n.fqn[n.fqn.length - 1]}+`
            : `+${n.name}+`,
    );
  const config = Object.fromEntries(
    Object.entries(n.config).filter(
      ([, v]) =>
        v !== undefined &&
        !(Array.isArray(v) && v.length === 0) &&
        !(v && typeof v === 'object' && Object.keys(v).length === 0),
    ),
  );
  return h(
    'article',
    { class: 'node-page', 'data-id': n.id },
    h(
      'header',
      { class: 'node-head' },
      h('h2', {}, n.label),
      h(
        'span',
        { class: 'badge', style: `border-color:${type?.color ?? '#999'};color:${type?.color ?? '#999'}` },
        n.resourceType,
      ),
      n.materialized && n.resourceType !== 'test' ? h('span', { class: 'badge' }, n.materialized) : null,
      n.deferredFrom ? h('span', { class: 'badge deferred' }, 'deferred') : null,
      h('span', { class: 'badge' }, `layer: ${n.layer}`),
      ...n.tags.map((t) => h('span', { class: 'badge tag' }, `#${t}`)),
      n.resourceType === 'test' ? null : lineageButton,
    ),
    h('p', { class: 'description' }, n.description || h('span', { class: 'muted' }, 'No description.')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Relation'),
      h('dd', { class: 'mono' }, n.relation ?? '—'),
      ...(n.deferredFrom
        ? [h('dt', {}, 'Read from'), h('dd', { class: 'mono deferred-from' }, `${n.deferredFrom} (deferred)`)]
        : []),
      h('dt', {}, 'File'),
      h('dd', { class: 'mono' }, n.originalFilePath),
      h('dt', {}, 'Documented in'),
      h('dd', { class: 'mono' }, n.patchPath ?? '—'),
      h('dt', {}, 'Unique id'),
      h('dd', { class: 'mono' }, n.id),
      ...exposureFacts(n),
    ),
    h('div', { class: 'cards' }, runCard(n), qualityCard(n)),
    n.columns.length > 0 ? section('Columns', columnsTable(n)) : null,
    columnCard,
    n.tests.length > 0 ? section(`Tests (${n.tests.length})`, testsTable(n)) : null,
    h(
      'div',
      { class: 'cards' },
      section('Upstream', neighbours(byId, n.parents, 'Nothing: a root of the graph.')),
      section('Downstream', neighbours(byId, n.children, 'Nothing reads this node.')),
    ),
    n.rawCode
      ? section(
          'SQL',
          sqlBlock('Raw', n.rawCode),
          n.resourceType === 'seed' ? null : sqlBlock('Compiled', n.compiledCode, n.compileError),
        )
      : null,
    section('Config', h('pre', { class: 'config' }, h('code', {}, JSON.stringify(config, null, 2)))),
  );
}
