import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsGenerate, type DocsResult } from '../api/docs.js';
import { ls } from '../api/ls.js';
import { downstreamIndex, walkColumns, type ProjectLineage } from '../lineage/index.js';
import { launchBrowser, openPage, type Browser } from './test-support/browser.js';
import { copyExampleProject, screenshotDir } from './test-support/example.js';

const FACT = 'model.ecommerce.fact_sales';

let dir: string;
let docs: DocsResult;
let browser: Browser;

beforeAll(async () => {
  dir = copyExampleProject();
  // Column lineage needs no database: the docs are generated from SQL compiled offline.
  docs = await docsGenerate({ projectDir: dir });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The path the page must highlight, from the engine: every column the value flows from or into. */
function expectedPath(node: string, column: string): { nodes: string[]; edges: string[] } {
  const lineage: ProjectLineage = { nodes: docs.data.columnLineage! };
  const index = downstreamIndex(lineage);
  const opts = { kinds: ['copy', 'transform'] as const };
  const start = { node, column };
  const cols = [
    start,
    ...walkColumns(lineage, index, [start], 'up', { kinds: [...opts.kinds] }),
    ...walkColumns(lineage, index, [start], 'down', { kinds: [...opts.kinds] }),
  ];
  const on = new Set(cols.map((c) => `${c.node}.${c.column}`));
  const edges = new Set<string>();
  for (const c of cols)
    for (const u of lineage.nodes[c.node]!.columns.find((x) => x.name === c.column)!.upstream)
      if ((u.kind === 'copy' || u.kind === 'transform') && on.has(`${u.node}.${u.column}`))
        edges.add(`${u.node} -> ${c.node}`);
  return { nodes: [...new Set(cols.map((c) => c.node))].sort(), edges: [...edges].sort() };
}

describe('column lineage on the docs page (Chromium)', () => {
  it('lists a column’s upstream and downstream columns on the node page', async () => {
    const { page, errors } = await openPage(browser, `${pathToFileURL(docs.path).href}#/node/${FACT}`);
    const row = page.locator('.column-lineage tr[data-column="line_total"]');
    expect(await row.locator('td.upstream').textContent()).toContain('prod_transaction_items.line_totalcopy');
    const downstream = (await row.locator('td.downstream').textContent())!;
    expect(downstream).toContain('agg_daily_sales v2.revenue');
    expect(downstream).toContain('agg_product_sales.revenue');
    const margin = (await page.locator('.column-lineage tr[data-column="margin"] td.upstream').textContent())!;
    expect(margin).toContain('dim_products.costtransform');
    // The as-of joins decide every row: listed once, not per column.
    expect(margin).not.toContain('effective_date');
    expect(await page.locator('.column-lineage .rows-by').textContent()).toContain('dim_products.effective_datejoin');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('clicking a column highlights its path from the seeds to the analyses in the lineage graph', async () => {
    const { page, errors } = await openPage(browser, `${pathToFileURL(docs.path).href}#/node/${FACT}`);
    await page.click('.column-lineage button.column-link[data-column="line_total"]');
    await page.waitForSelector('#selection-summary[data-state="column"]');
    const expected = expectedPath(FACT, 'line_total');
    expect(expected.nodes).toEqual(
      expect.arrayContaining([
        'seed.ecommerce.transaction_items',
        'model.ecommerce.prod_transaction_items',
        FACT,
        'model.ecommerce.agg_daily_sales.v2',
        'analysis.ecommerce.sales_daily',
      ]),
    );
    expect(expected.nodes).not.toContain('model.ecommerce.dim_customers');
    const highlighted = await page.$$eval('#lineage .node.selected', (els) => els.map((e) => e.dataset.id!));
    expect(highlighted.sort()).toEqual(expected.nodes);
    const edges = await page.$$eval('#lineage .edge.selected', (els) =>
      els.map((e) => `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`),
    );
    expect(edges.sort()).toEqual(expected.edges);
    expect(edges).toContain(`model.ecommerce.prod_transaction_items -> ${FACT}`);
    expect(edges).not.toContain(`model.ecommerce.dim_customers -> ${FACT}`);
    expect(await page.locator('#lineage .node.dimmed').count()).toBe(
      docs.data.layout.nodes.length - highlighted.length,
    );
    expect(await page.locator('#selection-list li').count()).toBeGreaterThan(expected.nodes.length);
    await page.screenshot({ path: join(screenshotDir(), 'docs-column-lineage.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the selector box takes column: selectors and selects what `tsmodel ls` lists', async () => {
    const { page, errors } = await openPage(browser, `${pathToFileURL(docs.path).href}#/lineage`);
    for (const select of ['column:production.customers.email+', '+column:agg_daily_sales.revenue']) {
      await page.fill('#select', select);
      expect(await page.getAttribute('#selection-summary', 'data-state'), select).toBe('ok');
      const listed = await page.$$eval('#selection-list li', (els) => els.map((e) => e.getAttribute('data-id')!));
      const expected = ls({ projectDir: dir, select: [select] }).map((e) => e.uniqueId);
      expect(listed.sort(), select).toEqual(expected.sort());
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
