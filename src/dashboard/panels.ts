/**
 * The analyses (analyses/*.sql) the dashboard draws, by section. A project
 * without one of them still gets its dashboard: that panel says what is missing.
 */
export const DASHBOARD_SECTIONS = {
  kpis: ['kpi_overview', 'active_customers'],
  sales: ['sales_daily', 'sales_trends'],
  products: ['product_performance', 'category_performance'],
  customers: ['customer_analytics', 'new_vs_returning', 'top_customers'],
} as const;

export const DASHBOARD_ANALYSES: readonly string[] = Object.values(DASHBOARD_SECTIONS).flat();

/** The first comment lines of an analysis, as its description ("-- Dashboard: …" → "…"). */
export function leadingComment(sql: string): string {
  const lines: string[] = [];
  for (const line of sql.split('\n')) {
    const m = /^\s*--\s?(.*)$/.exec(line);
    if (!m) break;
    lines.push(m[1]!.trim());
  }
  return lines
    .join(' ')
    .replace(/^Dashboard:\s*/i, '')
    .trim();
}
