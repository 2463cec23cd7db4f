import { BASE_CSS } from '../web/index.js';

/** The dashboard's stylesheet (inlined into index.html). */
export const DASHBOARD_CSS = `${BASE_CSS}
.dash { max-width:1400px; margin:0 auto; padding:18px 20px 30px; }
.kpi-grid { display:grid; grid-template-columns:repeat(auto-fit, minmax(200px, 1fr)); gap:14px; margin-bottom:14px; }
.kpi { margin:0; } .kpi-label { font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
.kpi-value { font-size:30px; font-weight:700; margin:4px 0 2px; font-variant-numeric:tabular-nums; } .kpi-sub { font-size:12px; }
.kpi[data-kpi="quality"] .kpi-value { color:#15803d; }
.panel h3 { margin-bottom:2px; } .panel .sub { margin:0 0 8px; font-size:12px; }
.section-title { font-size:15px; margin:20px 0 10px; color:#334155; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:14px; }
@media (max-width: 1000px) { .grid2 { grid-template-columns:1fr; } }
.chart { width:100%; height:300px; } .chart.tall { height:360px; }
.controls { display:flex; flex-wrap:wrap; gap:12px; align-items:center; margin-bottom:6px; }
.seg { display:inline-flex; border:1px solid #cbd5e1; border-radius:6px; overflow:hidden; }
.seg button { border:0; background:#fff; padding:5px 12px; font:inherit; font-size:13px; cursor:pointer; border-right:1px solid #e2e8f0; }
.seg button:last-child { border-right:0; } .seg button.active { background:#1e40af; color:#fff; }
.panel-missing { padding:30px; text-align:center; color:var(--muted); background:#f8fafc; border-radius:6px; }
.table-wrap { overflow:auto; }
#panel-top-customers { margin-top:14px; }
#top-customers td, #top-customers th { padding:4px 6px; font-size:13px; }
.foot { margin-top:16px; font-size:12px; }
`;
