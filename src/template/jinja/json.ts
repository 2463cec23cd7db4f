import { PyFloat, Undefined, floatRepr, isMapping } from './values.js';

/** Python's json.dumps: ", " / ": " separators, non-ASCII escaped; Jinja's `tojson` also sorts keys and is HTML-safe. */

function dumps(v: unknown, indent: number | undefined, level: number, sortKeys = true): string {
  if (v === null) return 'null';
  if (v === undefined || v instanceof Undefined)
    throw new TypeError('Object of type Undefined is not JSON serializable');
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
    return `[${pad}${v.map((x) => dumps(x, indent, level + 1, sortKeys)).join(sep + pad)}${end}]`;
  }
  if (isMapping(v)) {
    const keys = sortKeys ? Object.keys(v).sort() : Object.keys(v);
    if (keys.length === 0) return '{}';
    const items = keys.map((k) => `${dumps(k, indent, level + 1)}: ${dumps(v[k], indent, level + 1, sortKeys)}`);
    return `{${pad}${items.join(sep + pad)}${end}}`;
  }
  throw new TypeError(`Object of type ${(v as object).constructor?.name ?? typeof v} is not JSON serializable`);
}

/** json.dumps(value, sort_keys=…, indent=…) */
export function jsonDumps(v: unknown, sortKeys = false, indent?: number): string {
  return dumps(v, indent, 0, sortKeys);
}

export function toJson(v: unknown, indent?: unknown): string {
  const n = indent === undefined || indent === null ? undefined : Number(indent);
  return dumps(v, n, 0)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}
