import { browserEntry, bundleBrowserScript, htmlPage } from '../web/index.js';
import { DASHBOARD_CSS } from './styles.js';
import type { DashboardData } from './types.js';

/** target/dashboard/index.html's text: the analysis results, ECharts and the page script in one file. */
export async function dashboardPage(data: DashboardData): Promise<string> {
  const script = await bundleBrowserScript(browserEntry(import.meta.url, './browser/dashboard-app'));
  return htmlPage({
    title: `${data.project.name} · sales dashboard`,
    css: DASHBOARD_CSS,
    body: '<div id="app"><noscript>This dashboard needs JavaScript to draw its charts.</noscript></div>',
    data,
    dataId: 'tsmodel-dashboard-data',
    script,
  });
}
