export type * from './types.js';
export { buildDocsData, labelOf, type DocsInputs } from './data.js';
export { layoutLineage, nodeWidth, NODE_HEIGHT, type LayoutInput } from './layout.js';
export { readRunResults, readQualityReport, type RunResultsView, type QualityView } from './run-artifacts.js';
export { docsPage } from './page.js';
export { serveStatic, type StaticServer } from './serve.js';
export { readDeferred } from './deferred.js';
