import { browserEntry, bundleBrowserScript, htmlPage } from '../web/index.js';
import { DOCS_CSS } from './styles.js';
import type { DocsData } from './types.js';

/** target/docs/index.html's text: the data, the bundled script and the style in one file. */
export async function docsPage(data: DocsData): Promise<string> {
  const script = await bundleBrowserScript(browserEntry(import.meta.url, './browser/lineage-app'));
  return htmlPage({
    title: `${data.project.name} · tsmodel docs`,
    css: DOCS_CSS,
    body: '<div id="app"><noscript>This page needs JavaScript to draw the lineage graph.</noscript></div>',
    data,
    dataId: 'tsmodel-docs-data',
    script,
  });
}
