import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsGenerate, docsServe, type DocsResult } from '../api/docs.js';
import { ls } from '../api/ls.js';
import { docsPage, serveStatic, type StaticServer } from './index.js';
import { launchBrowser, openPage, type Browser } from './test-support/browser.js';
import { buildExample, screenshotDir, type BuiltExample } from './test-support/example.js';

/** Selectors typed into the page, each checked against `tsmodel ls --select`. */
const SELECTORS: [string, string?][] = [
  ['warehouse+'],
  ['+fact_sales'],
  ['prod_*'],
  ['@dim_date'],
  ['resource_type:seed'],
  ['path:models/production agg_daily_sales+'],
  ['warehouse,config.materialized:table'],
  ['1+fact_sales+1'],
  ['+exposure:sales_dashboard'],
  ['agg_daily_sales.v2+'],
  ['version:latest'],
  ['warehouse+', 'resource_type:analysis'],
];

let ex: BuiltExample;
let docs: DocsResult;
let server: StaticServer;
let browser: Browser;
let quality: { overall: { score: number }; models: Record<string, { score: number | null }> };

beforeAll(async () => {
  ex = await buildExample('pglite');
  expect(ex.failures).toEqual([]);
  const report = join(ex.dir, 'target', 'quality_report.json');
  expect(existsSync(report), 'tsmodel build wrote target/quality_report.json').toBe(true);
  quality = JSON.parse(readFileSync(report, 'utf8')) as typeof quality;
  docs = await docsGenerate({ projectDir: ex.dir, targetConfig: ex.db.target });
  server = await serveStatic(dirname(docs.path), 0);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ex?.dispose();
});

const lsIds = (select: string, exclude?: string) =>
  ls({ projectDir: ex.dir, targetConfig: ex.db.target, select: [select], exclude: exclude ? [exclude] : undefined })
    .map((e) => e.uniqueId)
    .sort();

describe.each(['http', 'file'] as const)('the docs page over %s', (via) => {
  const url = () => (via === 'http' ? server.url : pathToFileURL(docs.path).href);

  it('draws every node of the project in the lineage graph, inside the view, without console errors', async () => {
    const { page, errors } = await openPage(browser, url());
    const expected = docs.data.nodes
      .filter((n) => n.resourceType !== 'test')
      .map((n) => n.id)
      .sort();
    expect(expected.length).toBeGreaterThan(20);
    const drawn = await page.$$eval('#lineage .node', (els) => els.map((e) => e.getAttribute('data-id')!));
    expect(drawn.sort()).toEqual(expected);
    const view = (await page.locator('#lineage').boundingBox())!;
    for (const id of expected) {
      const box = (await page.locator(`#lineage .node[data-id="${id}"]`).boundingBox())!;
      expect(box.width, id).toBeGreaterThan(10);
      expect(
        box.x >= view.x - 1 &&
          box.x + box.width <= view.x + view.width + 1 &&
          box.y >= view.y - 1 &&
          box.y + box.height <= view.y + view.height + 1,
        `${id} is inside the view`,
      ).toBe(true);
    }
    expect(await page.locator('#lineage .edge').count()).toBe(docs.data.layout.edges.length);
    // Zoom with the wheel, then fit again.
    const before = await page.locator('#lineage .viewport').getAttribute('transform');
    await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    await page.mouse.wheel(0, -300);
    expect(await page.locator('#lineage .viewport').getAttribute('transform')).not.toBe(before);
    await page.click('.graph-controls button[title="Fit the graph"]');
    expect(await page.locator('#lineage .viewport').getAttribute('transform')).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('highlights exactly what `tsmodel ls --select` lists', async () => {
    const { page, errors } = await openPage(browser, url());
    await page.locator('#select').pressSequentially('warehouse+');
    for (const [select, exclude] of SELECTORS) {
      await page.fill('#exclude', exclude ?? '');
      await page.fill('#select', select);
      expect(await page.getAttribute('#selection-summary', 'data-state'), select).toBe('ok');
      const expected = lsIds(select, exclude);
      const listed = await page.$$eval('#selection-list li', (els) => els.map((e) => e.getAttribute('data-id')!));
      const highlighted = await page.$$eval('#lineage .node.selected', (els) =>
        els.map((e) => e.getAttribute('data-id')!),
      );
      expect(listed.sort(), `${select} / ${exclude ?? ''}`).toEqual(expected);
      const testIds = new Set(docs.data.nodes.filter((n) => n.resourceType === 'test').map((n) => n.id));
      expect(highlighted.sort(), select).toEqual(expected.filter((id) => !testIds.has(id)));
      expect(await page.locator('#lineage .node.dimmed').count()).toBe(
        docs.data.layout.nodes.length - highlighted.length,
      );
      if (select === 'warehouse+' && !exclude && via === 'http')
        await page.screenshot({ path: join(screenshotDir(), 'docs-lineage-warehouse.png') });
    }
    // A selector the CLI rejects is reported, not thrown.
    await page.fill('#exclude', '');
    await page.fill('#select', 'state:modified');
    expect(await page.getAttribute('#selection-summary', 'data-state')).toBe('error');
    expect(await page.textContent('#selection-summary')).toContain('--state');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has a page per node: description, columns, run status and timing, neighbours, raw and compiled SQL', async () => {
    const { page, errors } = await openPage(browser, url());
    await page.click('#lineage .node[data-id="model.ecommerce.fact_sales"]');
    await page.waitForSelector('.node-page[data-id="model.ecommerce.fact_sales"]');
    const text = (await page.textContent('.node-page'))!;
    expect(text).toContain('One row per transaction line item');
    expect(text).toContain('warehouse.fact_sales');
    expect(text).toContain("ref('prod_transaction_items')");
    const node = docs.data.nodes.find((n) => n.id === 'model.ecommerce.fact_sales')!;
    expect(node.compiledCode).toMatch(/"production"\."transaction_items"|production\.transaction_items/);
    expect(await page.locator('details.sql pre code').nth(1).textContent()).toBe(node.compiledCode);
    expect(await page.locator('.node-page .pill').first().textContent()).toBe('success');
    expect(node.run?.rowsAffected).toBeGreaterThan(0);
    expect(text).toContain(node.run!.rowsAffected!.toLocaleString('en-US'));
    for (const col of ['date_sk', 'customer_sk', 'product_sk', 'payment_method_sk']) expect(text).toContain(col);
    const upstream = node.parents.filter((p) => !p.startsWith('test.'));
    expect(await page.locator('.node-page section:has(h3:text-is("Upstream")) li').count()).toBe(upstream.length);
    const score = quality.models['model.ecommerce.fact_sales']!.score!;
    expect(text).toContain(`Quality${score.toFixed(1)}`); // its quality score, from quality_report.json
    if (via === 'http')
      await page.screenshot({ path: join(screenshotDir(), 'docs-node-fact_sales.png'), fullPage: true });
    // Every node's page opens.
    for (const n of docs.data.nodes.filter((x) => x.resourceType !== 'test')) {
      await page.evaluate((id) => (location.hash = `#/node/${encodeURIComponent(id)}`), n.id);
      await page.waitForSelector(`.node-page[data-id="${n.id}"]`);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the quality overview: the score, five dimensions, each layer, the failing tests', async () => {
    const { page, errors } = await openPage(browser, `${url()}#/quality`);
    expect(await page.isVisible('#view-quality')).toBe(true);
    expect(await page.textContent('#quality-score')).toBe(quality.overall.score.toFixed(1));
    expect(await page.locator('#view-quality tr[data-dimension]').count()).toBe(5);
    const failing = (quality as unknown as { tests: { status: string }[] }).tests.filter((t) =>
      ['fail', 'error', 'warn'].includes(t.status),
    ).length;
    expect(await page.locator('#failing-tests tbody tr').count()).toBe(failing);
    if (via === 'http') await page.screenshot({ path: join(screenshotDir(), 'docs-quality.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

it('says so when there is no quality_report.json or run_results.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsmodel-docs-bare-'));
  try {
    const file = join(dir, 'index.html');
    writeFileSync(
      file,
      await docsPage({
        ...docs.data,
        quality: undefined,
        run: undefined,
        nodes: docs.data.nodes.map((n) => ({ ...n, run: undefined, quality: undefined })),
        notes: ['No target/run_results.json yet'],
      }),
    );
    const { page, errors } = await openPage(browser, `${pathToFileURL(file).href}#/quality`);
    expect(await page.isVisible('#quality-missing')).toBe(true);
    await page.evaluate(() => (location.hash = '#/node/model.ecommerce.fact_sales'));
    expect(await page.textContent('.node-page')).toContain('Not in the last run_results.json');
    expect(errors).toEqual([]);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('docs serve serves the page on localhost', async () => {
  const served = await docsServe({ projectDir: ex.dir, targetConfig: ex.db.target, port: 0 });
  try {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(served.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toBe(readFileSync(docs.path, 'utf8'));
    expect((await fetch(`${served.url}nothing-here`)).status).toBe(404);
  } finally {
    await served.close();
  }
});
