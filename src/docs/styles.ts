import { BASE_CSS } from '../web/index.js';

/** The docs page's stylesheet (inlined into index.html). */
export const DOCS_CSS = `${BASE_CSS}
.layout { display:flex; min-height:calc(100vh - 46px); }
.sidebar { width:250px; flex:none; border-right:1px solid var(--line); background:#fff; padding:12px; overflow:auto;
  max-height:calc(100vh - 46px); position:sticky; top:46px; }
.sidebar input { width:100%; padding:6px 8px; border:1px solid var(--line); border-radius:6px; }
.sidebar h4 { margin:14px 0 4px; font-size:12px; text-transform:uppercase; color:var(--muted); }
.tree { list-style:none; margin:0 0 4px; padding:0; }
.tree li { padding:1px 0 1px 12px; }
.tree .tree-layer { padding-left:0; font-size:12px; color:var(--muted); }
.tree a { font-family:ui-monospace, Menlo, monospace; font-size:12px; color:var(--ink); }
.tree a.active { color:var(--accent); font-weight:700; }
main { flex:1; padding:16px 20px; min-width:0; }
.toolbar { display:flex; align-items:center; gap:8px; margin-bottom:6px; flex-wrap:wrap; }
.toolbar label { font-family:ui-monospace, Menlo, monospace; font-size:12px; color:var(--muted); }
.toolbar input { padding:7px 10px; border:1px solid #cbd5e1; border-radius:6px; font:13px ui-monospace, Menlo, monospace; }
#select { flex:1 1 360px; } #exclude { flex:0 1 220px; }
#selection-summary { margin:4px 0 8px; min-height:20px; } #selection-summary[data-state="error"] { color:var(--bad); }
.legend { display:flex; flex-wrap:wrap; gap:12px; font-size:12px; color:var(--muted); margin-bottom:8px; align-items:center; }
.legend-sep { width:1px; height:14px; background:var(--line); }
.type-letter { font:700 9px ui-monospace, Menlo, monospace; border:1px solid; border-radius:3px; padding:0 3px; margin-right:4px; }
.graph-wrap { position:relative; background:#fff; border:1px solid var(--line); border-radius:8px;
  height:calc(100vh - 230px); min-height:420px; overflow:hidden; }
svg.lineage { width:100%; height:100%; display:block; cursor:grab; user-select:none; } svg.lineage.panning { cursor:grabbing; }
.graph-controls { position:absolute; right:10px; top:10px; display:flex; flex-direction:column; gap:4px; }
.graph-controls .icon-button { width:30px; height:30px; padding:0; font-size:16px; }
.column-link { font:12px ui-monospace, Menlo, monospace; background:none; border:1px solid var(--line);
  border-radius:4px; padding:1px 6px; cursor:pointer; color:var(--accent); }
.col-ref { display:inline-block; margin:1px 8px 1px 0; font:12px ui-monospace, Menlo, monospace; }
.col-ref .kind { margin-left:4px; font-size:10px; color:var(--muted); border:1px solid var(--line); border-radius:3px; padding:0 3px; }
.col-ref.kind-copy .kind { color:#15803d; border-color:#86efac; } .col-ref.kind-transform .kind { color:#1d4ed8; border-color:#93c5fd; }
.column-lineage .unknown { color:var(--bad); font-size:12px; }
.edge { fill:none; stroke:#94a3b8; stroke-width:1.3; } .arrow-head { fill:#94a3b8; }
.edge.selected { stroke:#1d4ed8; stroke-width:2.2; } .edge.dimmed { opacity:.18; }
.node { cursor:pointer; } .node-box { stroke-width:1.3; } .node-label { font:12px ui-monospace, Menlo, monospace; fill:#0f172a; }
.node.deferred .node-box { stroke-dasharray:5 3; stroke-width:2; } .badge.deferred { color:#7c3aed; border-color:#c4b5fd; }
.deferred-swatch { background:#fff; border:2px dashed #64748b !important; }
.node-badge { font:700 9px ui-monospace, Menlo, monospace; }
.node:hover .node-box { stroke-width:2.4; } .node.selected .node-box { stroke-width:3; filter:drop-shadow(0 0 3px rgba(37,99,235,.55)); }
.node.dimmed { opacity:.22; } .node.current .node-box { stroke:#f59e0b !important; stroke-width:3.5; } .node-alert { fill:var(--bad); }
.selection-details { margin-top:8px; } .selection-list { columns:3; font-size:12px; }
.notes { margin-top:10px; padding:8px 12px; background:#fffbeb; border:1px solid #fde68a; border-radius:8px; } .notes p { margin:2px 0; }
.node-head { display:flex; gap:8px; align-items:center; flex-wrap:wrap; }
.node-head h2 { margin:0 6px 0 0; font:600 20px ui-monospace, Menlo, monospace; }
.node-head .button { margin-left:auto; }
.badge { border:1px solid var(--line); border-radius:10px; padding:0 8px; font-size:12px; color:var(--muted);
  background:#fff; }
.badge.tag { color:var(--accent); }
.description { font-size:15px; white-space:pre-wrap; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:3px 14px; margin:0 0 12px; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
.test-pills { display:flex; gap:4px; flex-wrap:wrap; }
.test-pill { font-size:11px; padding:0 6px; border-radius:8px; background:#e2e8f0; color:#334155; }
.test-pass { background:#dcfce7; color:#166534; }
.test-fail, .test-error { background:#fee2e2; color:#991b1b; }
.test-warn { background:#fef3c7; color:#92400e; }
details.sql summary { cursor:pointer; color:var(--muted); margin:6px 0; }
pre { background:#0f172a; color:#e2e8f0; padding:10px 12px; border-radius:6px; overflow:auto; max-height:420px; margin:0 0 8px; }
pre.config { background:#f8fafc; color:var(--ink); border:1px solid var(--line); }
ul.links { margin:0; padding-left:18px; }
.big-number { font-size:44px; font-weight:700; line-height:1.1; }
.big-score .score-bar { height:26px; }
.big-score .score-text { line-height:26px; font-size:14px; }
`;
