/** The quality overview: overall score, the five dimensions, each layer, the failing tests. */
import type { DocsData, DocsDimension } from '../types.js';
import { fmtNumber, h, scoreBar, statusPill } from '../../web/browser/dom.js';
import { DIMENSIONS } from './node-view.js';

function dimensionRows(dims: Record<string, DocsDimension>): HTMLElement[] {
  return DIMENSIONS.map((d) => {
    const v = dims[d];
    return h(
      'tr',
      { 'data-dimension': d },
      h('td', {}, d.replace('_', ' ')),
      h('td', { class: 'wide' }, scoreBar(v?.score ?? null, d)),
      h(
        'td',
        { class: 'num muted' },
        v ? `${v.tests} tests · ${fmtNumber(v.failures)} failing of ${fmtNumber(v.evaluated)} rows` : 'no tests',
      ),
    );
  });
}

export function renderQuality(data: DocsData): HTMLElement {
  const q = data.quality;
  if (!q) {
    return h(
      'article',
      { class: 'quality-page' },
      h('h2', {}, 'Data quality'),
      h(
        'p',
        { class: 'muted', id: 'quality-missing' },
        'No target/quality_report.json yet. Run `tsmodel build` (or `tsmodel test`) on a project with ' +
          'data tests, then `tsmodel docs generate` again.',
      ),
    );
  }
  const layers = Object.entries(q.layers);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const scored = data.nodes
    .filter((n) => n.quality)
    .sort((a, b) => (a.quality!.score ?? 101) - (b.quality!.score ?? 101));
  return h(
    'article',
    { class: 'quality-page' },
    h('h2', {}, 'Data quality'),
    h(
      'div',
      { class: 'cards' },
      h(
        'section',
        { class: 'card' },
        h('h3', {}, 'Overall'),
        h('div', { class: 'big-number', id: 'quality-score' }, q.score === null ? '—' : q.score.toFixed(1)),
        h(
          'p',
          { class: 'muted' },
          `${q.testCount} tests · minimum ${q.minScore ?? 'not set'} · `,
          statusPill(q.passed ? 'pass' : 'fail'),
        ),
        h('p', { class: 'muted' }, `report of ${q.generatedAt ? new Date(q.generatedAt).toLocaleString() : '—'}`),
      ),
      h(
        'section',
        { class: 'card grow' },
        h('h3', {}, 'Dimensions'),
        h('table', { class: 'grid dims' }, h('tbody', {}, ...dimensionRows(q.dimensions))),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, 'Per layer'),
      layers.length === 0
        ? h('p', { class: 'muted' }, 'No layer scored.')
        : h(
            'table',
            { class: 'grid' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Layer'),
                h('th', {}, 'Score'),
                ...DIMENSIONS.map((d) => h('th', { class: 'num' }, d.replace('_', ' '))),
                h('th', {}, 'Minimum'),
              ),
            ),
            h(
              'tbody',
              {},
              ...layers.map(([name, l]) =>
                h(
                  'tr',
                  {},
                  h('td', {}, name),
                  h('td', { class: 'wide' }, scoreBar(l.score)),
                  ...DIMENSIONS.map((d) => h('td', { class: 'num' }, fmtNumber(l.dimensions[d]?.score, 1))),
                  h('td', {}, l.minScore === null ? '—' : `${l.minScore} `, statusPill(l.passed ? 'pass' : 'fail')),
                ),
              ),
            ),
          ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, 'Per model'),
      h(
        'table',
        { class: 'grid' },
        h(
          'tbody',
          {},
          ...scored.map((n) =>
            h(
              'tr',
              {},
              h('td', {}, h('a', { href: `#/node/${encodeURIComponent(n.id)}` }, n.label)),
              h('td', { class: 'muted' }, n.layer),
              h('td', { class: 'wide' }, scoreBar(n.quality!.score)),
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, `Failing tests (${q.failing.length})`),
      q.failing.length === 0
        ? h('p', { class: 'muted' }, 'Every test passed.')
        : h(
            'table',
            { class: 'grid', id: 'failing-tests' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Test'),
                h('th', {}, 'Model'),
                h('th', {}, 'Column'),
                h('th', {}, 'Dimension'),
                h('th', {}, 'Status'),
                h('th', { class: 'num' }, 'Failing rows'),
                h('th', {}, 'Message'),
              ),
            ),
            h(
              'tbody',
              {},
              ...q.failing.map((t) =>
                h(
                  'tr',
                  {},
                  h('td', {}, byId.has(t.id) ? h('a', { href: `#/node/${encodeURIComponent(t.id)}` }, t.name) : t.name),
                  h(
                    'td',
                    {},
                    t.model && byId.has(t.model)
                      ? h('a', { href: `#/node/${encodeURIComponent(t.model)}` }, t.modelName ?? t.model)
                      : (t.modelName ?? ''),
                  ),
                  h('td', { class: 'mono' }, t.column ?? ''),
                  h('td', {}, t.dimension),
                  h('td', {}, statusPill(t.status)),
                  h('td', { class: 'num' }, fmtNumber(t.failures)),
                  h('td', { class: 'muted' }, t.message),
                ),
              ),
            ),
          ),
    ),
  );
}
