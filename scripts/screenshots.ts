// Regenerates the README's screenshots, docs/img/docs.png and docs/img/dashboard.png:
// builds the example project on a throwaway PGlite database, generates both pages,
// and photographs them in Chromium (found as the page tests find it: $CHROMIUM_PATH, /usr/bin/chromium, PATH).
// Column lineage needs no database: docs/img/column-lineage.png and column-lineage-card.png are taken from
// docs generated offline, alone with `column-lineage`.
//
//   npx tsx scripts/screenshots.ts [column-lineage]
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dashboard } from '../src/api/dashboard.js';
import { docsGenerate } from '../src/api/docs.js';
import { launchBrowser, openPage } from '../src/docs/test-support/browser.js';
import { buildExample, copyExampleProject, REPO_ROOT } from '../src/docs/test-support/example.js';

const out = join(REPO_ROOT, 'docs', 'img');
mkdirSync(out, { recursive: true });

/** The path of fact_sales.line_total in the graph, and fact_sales' column lineage card. */
async function columnLineageShots(): Promise<void> {
  const dir = copyExampleProject();
  const browser = await launchBrowser({ width: 1440, height: 900 });
  try {
    const docs = await docsGenerate({ projectDir: dir });
    const url = pathToFileURL(docs.path).href;
    const graph = await openPage(browser, `${url}#/lineage?column=model.ecommerce.fact_sales:line_total`);
    await graph.page.screenshot({ path: join(out, 'column-lineage.png') });
    const node = await openPage(browser, `${url}#/node/model.ecommerce.fact_sales`);
    const card = (await node.page.locator('.column-lineage').boundingBox())!;
    await node.page.screenshot({
      path: join(out, 'column-lineage-card.png'),
      fullPage: true,
      clip: { x: card.x, y: card.y, width: card.width, height: Math.min(card.height, 820) },
    });
    const errors = [...graph.errors, ...node.errors];
    if (errors.length > 0) throw new Error(`The pages logged errors:\n${errors.join('\n')}`);
    process.stdout.write(`Wrote ${join(out, 'column-lineage.png')} and column-lineage-card.png\n`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await columnLineageShots();
if (process.argv.includes('column-lineage')) process.exit(0);

const ex = await buildExample('pglite');
const browser = await launchBrowser({ width: 1440, height: 900 });
try {
  if (ex.failures.length > 0) throw new Error(`The example project did not build: ${ex.failures.join('; ')}`);
  const docs = await docsGenerate({ projectDir: ex.dir, targetConfig: ex.db.target });
  const dash = await dashboard({ projectDir: ex.dir, targetConfig: ex.db.target, adapter: ex.db.adapter() });
  if (dash.failed.length > 0) throw new Error(`Analyses failed: ${dash.failed.join(', ')}`);

  const selector = encodeURIComponent('+fact_sales+');
  const docsPage = await openPage(browser, `${pathToFileURL(docs.path).href}#/lineage?select=${selector}`);
  await docsPage.page.screenshot({ path: join(out, 'docs.png') });

  const dashPage = await openPage(browser, pathToFileURL(dash.htmlPath!).href);
  await dashPage.page.screenshot({ path: join(out, 'dashboard.png'), fullPage: true });

  const errors = [...docsPage.errors, ...dashPage.errors];
  if (errors.length > 0) throw new Error(`The pages logged errors:\n${errors.join('\n')}`);
  process.stdout.write(`Wrote ${join(out, 'docs.png')} and ${join(out, 'dashboard.png')}\n`);
} finally {
  await browser.close();
  await ex.dispose();
}
