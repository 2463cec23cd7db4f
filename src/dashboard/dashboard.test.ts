import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeEachDatabase,
  testDatabaseKinds,
  skipNote,
  postgresSkipReason,
} from '../adapters/test-support/test-databases.js';
import { dashboard, type DashboardResult } from '../api/dashboard.js';
import { serveStatic, type StaticServer } from '../docs/index.js';
import { chartInk, launchBrowser, openPage, type Browser } from '../docs/test-support/browser.js';
import { buildExample, screenshotDir, type BuiltExample } from '../docs/test-support/example.js';
import { DASHBOARD_ANALYSES } from './index.js';

const results = new Map<string, DashboardResult>();
const examples: BuiltExample[] = [];
afterAll(async () => {
  for (const ex of examples) await ex.dispose();
});

const num = (v: unknown) => Number(v);
const contentOf = (r: DashboardResult) =>
  Object.fromEntries(
    Object.entries(r.data.analyses).map(([k, a]) => [k, { columns: a.columns, rows: a.rows, error: a.error }]),
  );

describeEachDatabase('the dashboard on %s', (kind) => {
  it('runs every analysis on the built warehouse and writes the page and one CSV per analysis', async () => {
    const ex = await buildExample(kind);
    examples.push(ex);
    expect(ex.failures).toEqual([]);
    const res = await dashboard({
      projectDir: ex.dir,
      targetConfig: ex.db.target,
      adapter: ex.db.adapter(),
      formats: ['html', 'csv'],
    });
    results.set(kind, res);
    expect(res.failed).toEqual([]);
    for (const name of DASHBOARD_ANALYSES) expect(res.data.analyses[name]?.rows.length, name).toBeGreaterThan(0);

    // The numbers agree with each other: the KPI revenue is the sum of the daily and of the monthly revenue.
    const a = res.data.analyses;
    const kpi = a.kpi_overview!.rows[0]!;
    const sum = (rows: Record<string, unknown>[], col: string) =>
      Math.round(rows.reduce((s, r) => s + num(r[col]), 0) * 100) / 100;
    expect(sum(a.sales_daily!.rows, 'revenue')).toBeCloseTo(num(kpi.revenue), 2);
    expect(sum(a.sales_trends!.rows, 'revenue')).toBeCloseTo(num(kpi.revenue), 2);
    expect(sum(a.category_performance!.rows, 'revenue')).toBeCloseTo(num(kpi.revenue), 2);
    expect(sum(a.customer_analytics!.rows, 'customers')).toBe(num(a.active_customers!.rows[0]!.customers_with_orders));
    expect(typeof kpi.revenue).toBe('number');

    // CSV: a header of the columns, then one line per row.
    expect(res.csvPaths.length).toBe(Object.keys(a).length);
    for (const path of res.csvPaths) {
      const name = path
        .split('/')
        .pop()!
        .replace(/\.csv$/, '');
      const lines = readFileSync(path, 'utf8').split('\r\n');
      expect(lines[0]).toBe(a[name]!.columns.join(','));
      expect(lines.length - 2).toBe(a[name]!.rows.length);
    }
  }, 300_000);
});

describe.runIf(testDatabaseKinds().length > 1)(`PGlite and PostgreSQL${skipNote(postgresSkipReason())}`, () => {
  it('give the dashboard the same data', () => {
    expect(contentOf(results.get('postgres')!)).toEqual(contentOf(results.get('pglite')!));
  });
});

describe('the dashboard page in Chromium', () => {
  let browser: Browser;
  let server: StaticServer;
  let html: string;
  beforeAll(async () => {
    const res = results.get('pglite');
    if (!res?.htmlPath) throw new Error('the PGlite dashboard was not generated (see the test above)');
    html = res.htmlPath;
    server = await serveStatic(dirname(html), 0);
    browser = await launchBrowser({ width: 1440, height: 1000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe.each(['http', 'file'] as const)('over %s', (via) => {
    it('shows the KPIs and draws every chart, without console errors', async () => {
      const { page, errors } = await openPage(browser, via === 'http' ? server.url : pathToFileURL(html).href);
      const data = results.get('pglite')!.data;
      const kpi = data.analyses.kpi_overview!.rows[0]!;
      expect(await page.textContent('[data-kpi="revenue"] .kpi-value')).toBe(
        num(kpi.revenue).toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }),
      );
      expect(await page.textContent('[data-kpi="orders"] .kpi-value')).toBe(num(kpi.orders).toLocaleString('en-US'));
      expect(await page.textContent('[data-kpi="active-customers"] .kpi-value')).toBe(
        num(data.analyses.active_customers!.rows[0]!.active_30_days).toLocaleString('en-US'),
      );
      expect(await page.locator('[data-kpi="quality"]').count()).toBe(1);
      const charts = await chartInk(page, '.chart');
      expect(charts.map((c) => c.id).sort()).toEqual([
        'chart-categories',
        'chart-ltv',
        'chart-new-returning',
        'chart-sales',
        'chart-top-products',
      ]);
      // At least one painted mark per data point: bars, or a line's symbols.
      const a = data.analyses;
      const points: Record<string, number> = {
        'chart-sales': a.sales_trends!.rows.length,
        'chart-top-products': 10,
        'chart-categories': a.category_performance!.rows.length,
        'chart-ltv': a.customer_analytics!.rows.length,
        'chart-new-returning': a.new_vs_returning!.rows.length,
      };
      for (const c of charts) {
        expect(c.kind, c.id).toBe('svg');
        expect(c.marks, `${c.id} has drawn`).toBeGreaterThanOrEqual(points[c.id]!);
      }
      expect(await page.locator('#top-customers tbody tr').count()).toBe(10);
      expect(await page.locator('.panel-missing').count()).toBe(0);
      if (via === 'http') await page.screenshot({ path: join(screenshotDir(), 'dashboard.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });

    it('changes the sales period and granularity', async () => {
      const { page, errors } = await openPage(browser, via === 'http' ? server.url : pathToFileURL(html).href);
      const daily = results.get('pglite')!.data.analyses.sales_daily!.rows;
      const months = results.get('pglite')!.data.analyses.sales_trends!.rows.length;
      expect(await page.getAttribute('#chart-sales', 'data-points')).toBe(String(months));
      await page.click('[data-control="granularity"] button[data-value="day"]');
      expect(await page.getAttribute('#chart-sales', 'data-points')).toBe(String(daily.length));
      await page.click('[data-control="range"] button[data-value="30d"]');
      const last = new Date(`${String(daily.at(-1)!.day)}T00:00:00Z`).getTime();
      const inLast30 = daily.filter(
        (r) => last - new Date(`${String(r.day)}T00:00:00Z`).getTime() < 30 * 86_400_000,
      ).length;
      expect(await page.getAttribute('#chart-sales', 'data-points')).toBe(String(inLast30));
      await page.click('[data-control="granularity"] button[data-value="week"]');
      await page.click('[data-control="range"] button[data-value="12m"]');
      const weeks = Number(await page.getAttribute('#chart-sales', 'data-points'));
      expect(weeks).toBeGreaterThanOrEqual(52);
      expect(weeks).toBeLessThanOrEqual(54);
      const [sales] = await chartInk(page, '#chart-sales');
      expect(sales!.marks).toBeGreaterThanOrEqual(weeks);
      expect(await page.textContent('#sales-period-total')).toContain(`${weeks} weeks`);
      if (via === 'http') await page.screenshot({ path: join(screenshotDir(), 'dashboard-weekly.png') });
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
