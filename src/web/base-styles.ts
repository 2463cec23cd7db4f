/** What every generated page shares: colours, cards, tables, pills, score bars, buttons. */
export const BASE_CSS = `
:root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --bg:#f8fafc; --card:#fff; --accent:#2563eb; --ok:#16a34a;
  --warn:#d97706; --bad:#dc2626; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
.muted { color:var(--muted); } .mono, code, pre { font-family:ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size:12px; }
.topbar { display:flex; align-items:center; gap:24px; padding:10px 20px; background:#0f172a; color:#f8fafc;
  position:sticky; top:0; z-index:5; }
.topbar h1 { font-size:17px; margin:0; font-weight:600; }
.topbar .muted { color:#94a3b8; }
.topbar .meta { margin-left:auto; font-size:12px; }
.tabs a { color:#cbd5e1; margin-right:14px; padding:4px 0; border-bottom:2px solid transparent; }
.tabs a.active { color:#fff; border-color:#60a5fa; text-decoration:none; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 16px; margin:0 0 14px; min-width:0; }
.card h3 { margin:0 0 8px; font-size:13px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
.cards { display:flex; gap:14px; flex-wrap:wrap; } .cards > .card { flex:1 1 280px; } .cards > .card.grow { flex:3 1 420px; }
table.grid { border-collapse:collapse; width:100%; }
.grid th, .grid td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
.grid th { font-size:12px; color:var(--muted); font-weight:600; }
.num { text-align:right !important; font-variant-numeric:tabular-nums; }
td.wide { width:40%; }
.pill { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; background:#e2e8f0; color:#334155; }
.pill-ok { background:#dcfce7; color:#166534; }
.pill-bad { background:#fee2e2; color:#991b1b; }
.pill-warn { background:#fef3c7; color:#92400e; }
.score-bar { position:relative; height:18px; background:#f1f5f9; border-radius:4px; min-width:120px; overflow:hidden; }
.score-fill { height:100%; }
.score-ok { background:#86efac; }
.score-warn { background:#fcd34d; }
.score-bad { background:#fca5a5; }
.score-none { background:transparent; }
.score-text { position:absolute; left:8px; top:0; font-size:12px; line-height:18px; font-weight:600; }
.error-text { color:var(--bad); white-space:pre-wrap; }
.button, .icon-button { border:1px solid var(--line); background:#fff; border-radius:6px; padding:4px 10px; cursor:pointer; font:inherit; }
.button:hover, .icon-button:hover { background:#f1f5f9; }
.swatch { display:inline-block; width:12px; height:12px; border-radius:3px; border:1px solid transparent;
  margin-right:5px; vertical-align:-1px; }
`;
