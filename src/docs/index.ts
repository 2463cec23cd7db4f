export type * from './types.js';
export { buildDocsData, labelOf, type DocsInputs } from './data.js';
export { layoutLineage, nodeWidth, NODE_HEIGHT, type LayoutInput } from './layout.js';
export { readRunResults, readQualityReport, type RunResultsView, type QualityView } from './run-artifacts.js';
export { docsPage } from './page.js';
export { browserEntry, bundleBrowserScript } from './bundle.js';
export { htmlPage, jsonForScript, inlineScript, escapeHtml, type PageParts } from './html.js';
export { BASE_CSS } from './styles.js';
export { serveStatic, type StaticServer } from './serve.js';
