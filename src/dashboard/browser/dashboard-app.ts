/** The dashboard page's script: KPI cards, then sales, product and customer panels, from the embedded analysis results. */
import { byId, clear, fmtNumber, h, readEmbedded } from '../../web/browser/dom.js';
import type { CellValue, DashboardData } from '../types.js';
import { categoryOption, distributionOption, money, mountChart, rankedBarsOption, stackedOption } from './charts.js';
import { salesTrendPanel } from './sales-trends.js';

const data = readEmbedded<DashboardData>('tsmodel-dashboard-data');
type Row = Record<string, CellValue>;

const num = (v: CellValue | undefined): number =>
  typeof v === 'number' ? v : v === null || v === undefined ? 0 : Number(v);
const numOrNull = (v: CellValue | undefined): number | null => (v === null || v === undefined ? null : num(v));

/** The rows of an analysis, or undefined (the panel then says why) when it is missing or failed. */
function rows(name: string): Row[] | undefined {
  const a = data.analyses[name];
  return a && !a.error ? a.rows : undefined;
}

function unavailable(...names: string[]): HTMLElement {
  const reasons = names.map((n) => {
    const a = data.analyses[n];
    return !a ? `analyses/${n}.sql is missing` : a.error ? `${n} failed: ${a.error}` : '';
  });
  return h('div', { class: 'panel-missing' }, reasons.filter(Boolean).join('; ') || 'No data.');
}

function panel(id: string, title: string, subtitle: string, ...body: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'card panel', id },
    h('h3', {}, title),
    subtitle ? h('p', { class: 'muted sub' }, subtitle) : null,
    ...body,
  );
}

/** A chart panel: drawn after the panel is in the document, or a note when its analyses are unavailable. */
function chartPanel(
  id: string,
  title: string,
  subtitle: string,
  needs: string[],
  option: () => Parameters<typeof mountChart>[1],
): HTMLElement {
  if (needs.some((n) => !rows(n))) return panel(`panel-${id}`, title, subtitle, unavailable(...needs));
  const el = h('div', { class: 'chart', id: `chart-${id}`, 'data-chart': id });
  queueMicrotask(() => mountChart(el, option()));
  return panel(`panel-${id}`, title, subtitle, el);
}

function kpi(key: string, label: string, value: string, sub: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi card', 'data-kpi': key },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    h('div', { class: 'kpi-sub muted' }, sub),
  );
}

function kpis(): HTMLElement {
  const k = rows('kpi_overview')?.[0];
  const active = rows('active_customers')?.[0];
  const q = data.quality;
  const cards = [
    kpi(
      'revenue',
      'Revenue',
      k ? money(num(k.revenue)) : '—',
      k ? `${money(num(k.revenue_last_30_days))} in the last 30 days` : 'kpi_overview unavailable',
    ),
    kpi(
      'orders',
      'Orders',
      k ? fmtNumber(num(k.orders)) : '—',
      k ? `${fmtNumber(num(k.orders_last_30_days))} in the last 30 days` : '',
    ),
    kpi(
      'aov',
      'Average order value',
      k ? money(num(k.avg_order_value), 2) : '—',
      k ? `margin ${fmtNumber(numOrNull(k.margin_pct), 1)}%` : '',
    ),
    active
      ? kpi(
          'active-customers',
          'Active customers',
          fmtNumber(num(active.active_30_days)),
          `ordered in the last 30 days · ${fmtNumber(num(active.active_90_days))} in 90 · ` +
            `${fmtNumber(num(active.customers_with_orders))} ever`,
        )
      : kpi(
          'active-customers',
          'Customers with orders',
          k ? fmtNumber(num(k.customers)) : '—',
          'active_customers unavailable',
        ),
    kpi(
      'quality',
      'Data quality score',
      q?.score === null || q?.score === undefined ? '—' : q.score.toFixed(1),
      q
        ? `${q.passed ? 'meets' : 'BELOW'} the minimum${q.minScore === null ? ' (none set)' : ` of ${q.minScore}`}`
        : 'no quality_report.json yet: run tsmodel build',
    ),
  ];
  return h('section', { class: 'kpi-grid', id: 'kpis' }, ...cards);
}

function salesSection(): HTMLElement {
  const daily = rows('sales_daily');
  const monthly = rows('sales_trends');
  const body = daily ? salesTrendPanel(daily, monthly) : unavailable('sales_daily');
  return panel(
    'panel-sales',
    'Sales trends',
    'Revenue (bars) and orders (line). Pick the granularity and the period, or drag the slider.',
    body,
  );
}

function productSection(): HTMLElement {
  const top = (rows('product_performance') ?? []).slice(0, 10);
  const cats = rows('category_performance') ?? [];
  return h(
    'div',
    { class: 'grid2', id: 'products' },
    chartPanel(
      'top-products',
      'Top 10 products',
      'Revenue, coloured and labelled by margin %.',
      ['product_performance'],
      () =>
        rankedBarsOption(
          top.map((r) => String(r.product_name)),
          top.map((r) => num(r.revenue)),
          top.map((r) => numOrNull(r.margin_pct)),
        ),
    ),
    chartPanel('categories', 'Categories', 'Revenue per category and its margin %.', ['category_performance'], () =>
      categoryOption(
        cats.map((r) => String(r.category)),
        cats.map((r) => num(r.revenue)),
        cats.map((r) => num(r.margin_pct)),
      ),
    ),
  );
}

function topCustomersTable(): HTMLElement {
  const top = rows('top_customers');
  if (!top) return panel('panel-top-customers', 'Top customers', '', unavailable('top_customers'));
  return panel(
    'panel-top-customers',
    'Top customers',
    'By lifetime revenue.',
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid', id: 'top-customers' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, '#'),
            h('th', {}, 'Customer'),
            h('th', {}, 'Id'),
            h('th', {}, 'City'),
            h('th', { class: 'num' }, 'Orders'),
            h('th', { class: 'num' }, 'Revenue'),
            h('th', { class: 'num' }, 'Average order'),
            h('th', {}, 'First order'),
            h('th', {}, 'Last order'),
          ),
        ),
        h(
          'tbody',
          {},
          ...top
            .slice(0, 10)
            .map((r, i) =>
              h(
                'tr',
                {},
                h('td', { class: 'muted' }, i + 1),
                h('td', {}, String(r.customer_name ?? '')),
                h('td', { class: 'mono muted' }, String(r.customer_id ?? '')),
                h('td', {}, String(r.city ?? '')),
                h('td', { class: 'num' }, fmtNumber(num(r.orders))),
                h('td', { class: 'num' }, money(num(r.revenue))),
                h('td', { class: 'num' }, money(num(r.avg_order_value), 2)),
                h('td', {}, String(r.first_order ?? '')),
                h('td', {}, String(r.last_order ?? '')),
              ),
            ),
        ),
      ),
    ),
  );
}

function customerSection(): HTMLElement {
  // Lowest band first: the analysis numbers its bands from the top ("1. 20k+").
  const bands = [...(rows('customer_analytics') ?? [])].reverse();
  const months = rows('new_vs_returning') ?? [];
  const charts = h(
    'div',
    { class: 'grid2' },
    chartPanel(
      'ltv',
      'Lifetime value distribution',
      "Customers per lifetime-revenue band, and the band's revenue.",
      ['customer_analytics'],
      () =>
        distributionOption(
          bands.map((r) => String(r.revenue_band).replace(/^\d+\.\s*/, '')),
          bands.map((r) => num(r.customers)),
          bands.map((r) => num(r.revenue)),
        ),
    ),
    chartPanel(
      'new-returning',
      'New vs returning customers',
      'Customers ordering each month: first order that month, or back again.',
      ['new_vs_returning'],
      () =>
        stackedOption(
          months.map((r) => String(r.year_month)),
          [
            { name: 'New', data: months.map((r) => num(r.new_customers)) },
            { name: 'Returning', data: months.map((r) => num(r.returning_customers)) },
          ],
        ),
    ),
  );
  return h('div', { id: 'customers' }, charts, topCustomersTable());
}

function footer(): HTMLElement {
  const list = Object.values(data.analyses);
  return h(
    'footer',
    { class: 'foot muted' },
    `Data from ${list.length} analyses (` +
      `${list.map((a) => `${a.name}${a.error ? ' ✗' : ''}`).join(', ')}) on target ` +
      `${data.project.targetName} (${data.project.adapterType}), queried ` +
      `${new Date(data.generatedAt).toLocaleString()}. `,
    'CSV for other BI tools: tsmodel dashboard --format csv.',
  );
}

const app = byId('app');
clear(app);
app.append(
  h(
    'header',
    { class: 'topbar' },
    h('h1', {}, data.project.name, h('span', { class: 'muted' }, ' · Sales dashboard')),
    h('span', { class: 'muted meta' }, `generated ${new Date(data.generatedAt).toLocaleString()}`),
  ),
  h(
    'main',
    { class: 'dash' },
    kpis(),
    salesSection(),
    h('h2', { class: 'section-title' }, 'Products'),
    productSection(),
    h('h2', { class: 'section-title' }, 'Customers'),
    customerSection(),
    footer(),
  ),
);
// The charts are drawn in microtasks queued above; mark the page ready after them.
queueMicrotask(() => queueMicrotask(() => (document.body.dataset.ready = 'true')));
