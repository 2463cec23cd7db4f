/** Tiny DOM helpers for the page scripts (no framework: the pages are small and static). */

type Attr = string | number | boolean | undefined | null;
type Child = Node | string | number | null | undefined | false;

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

/** An HTML element: h('a', {href: '#x', class: 'link'}, 'text'). Event handlers via on*(): h('button', {}, 'x').onclick = … */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/** The JSON a page embeds in <script type="application/json" id=…>. */
export function readEmbedded<T>(id: string): T {
  return JSON.parse(byId(id).textContent ?? 'null') as T;
}

export function fmtNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtSeconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`;
}

/** A status as a coloured pill (success/pass green, error/fail red, warn amber, the rest grey). */
export function statusPill(status: string | undefined): HTMLElement {
  const kind = !status
    ? 'none'
    : ['success', 'pass'].includes(status)
      ? 'ok'
      : ['error', 'fail'].includes(status)
        ? 'bad'
        : status === 'warn'
          ? 'warn'
          : 'none';
  return h('span', { class: `pill pill-${kind}` }, status ?? 'not run');
}

/** A 0–100 score as a bar with its number. */
export function scoreBar(score: number | null | undefined, label?: string): HTMLElement {
  const v = score ?? null;
  const cls = v === null ? 'none' : v >= 95 ? 'ok' : v >= 80 ? 'warn' : 'bad';
  return h(
    'div',
    { class: 'score-bar', title: label ?? '' },
    h('div', { class: `score-fill score-${cls}`, style: `width:${v === null ? 0 : Math.max(0, Math.min(100, v))}%` }),
    h('span', { class: 'score-text' }, v === null ? '—' : v.toFixed(1)),
  );
}
