import { pyStr } from './python-str.js';
import { PyFloat, Undefined, floatRepr, isMapping } from './values.js';

/** Python's json.dumps as Jinja's `tojson` calls it: sorted keys, ", " / ": " separators, HTML-safe. */

function dumps(v: unknown, indent: number | undefined, level: number): string {
  if (v === null || v === undefined || v instanceof Undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v).replace(/^inf$/, 'Infinity');
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === 'string' || v instanceof String) {
    return JSON.stringify(String(v)).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  const pad = indent === undefined ? '' : `\n${' '.repeat(indent * (level + 1))}`;
  const end = indent === undefined ? '' : `\n${' '.repeat(indent * level)}`;
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${pad}${v.map((x) => dumps(x, indent, level + 1)).join(sep + pad)}${end}]`;
  }
  if (isMapping(v)) {
    const keys = Object.keys(v).sort();
    if (keys.length === 0) return '{}';
    const items = keys.map((k) => `${dumps(k, indent, level + 1)}: ${dumps(v[k], indent, level + 1)}`);
    return `{${pad}${items.join(sep + pad)}${end}}`;
  }
  return dumps(pyStr(v), indent, level);
}

export function toJson(v: unknown, indent?: unknown): string {
  const n = indent === undefined || indent === null ? undefined : Number(indent);
  return dumps(v, n, 0)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}
