export type * from './types.js';
export { cell, normalizeRows, toCsv } from './values.js';
export { DASHBOARD_ANALYSES, DASHBOARD_SECTIONS, leadingComment } from './panels.js';
export { dashboardPage } from './page.js';
