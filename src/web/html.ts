/** The shell of a self-contained page: one HTML file with its style, data and script inlined. */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON that is safe inside <script type="application/json"> (no "</script>", no line separators). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A script's text, made safe to inline: "</script" inside it would end the element early. */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

export interface PageParts {
  title: string;
  css: string;
  /** The body's markup before the script runs. */
  body: string;
  /** Embedded as <script type="application/json" id={dataId}>. */
  data: unknown;
  dataId: string;
  script: string;
}

export function htmlPage(p: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tsmodel">
<link rel="icon" href="data:,">
<title>${escapeHtml(p.title)}</title>
<style>${p.css.replace(/<\/(style)/gi, '<\\/$1')}</style>
</head>
<body>
${p.body}
<script type="application/json" id="${escapeHtml(p.dataId)}">${jsonForScript(p.data)}</script>
<script>${inlineScript(p.script)}</script>
</body>
</html>
`;
}
