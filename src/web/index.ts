/**
 * What the generated HTML pages (docs/, dashboard/) share: the page shell, bundling a page script
 * with esbuild, the base stylesheet. The page scripts' DOM helpers are in browser/dom.ts (imported
 * by browser code only, bundled into the page).
 */
export { browserEntry, bundleBrowserScript } from './bundle.js';
export { htmlPage, jsonForScript, inlineScript, escapeHtml, type PageParts } from './html.js';
export { BASE_CSS } from './base-styles.js';
