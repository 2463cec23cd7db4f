import { PyObject } from './modules/protocol.js';
import { MACRO, PyFloat, Undefined, dictKey, floatRepr, isMapping, isTuple, viewRepr } from './values.js';

/**
 * Python's str() and repr() for the values a template handles, so `{{ [1, 'a'] }}` prints `[1, 'a']`,
 * `{{ {'a': 1} }}` prints `{'a': 1}`, `{{ True }}` prints `True` and `{{ none }}` prints `None`, as in Jinja.
 */

/** repr() of a string: single quotes unless the text has a single quote and no double quote. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function numberStr(n: number): string {
  if (Number.isInteger(n)) {
    if (Math.abs(n) < 1e21) return String(n);
    return BigInt(n).toString();
  }
  return floatRepr(n);
}

/** Python's repr(). */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof PyObject) return v.__repr__();
  if (v instanceof String) return strRepr(String(v));
  if (Array.isArray(v)) {
    const items = v.map(pyRepr);
    if (isTuple(v)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    const view = viewRepr(v);
    return view ? view(`[${items.join(', ')}]`) : `[${items.join(', ')}]`;
  }
  if (v instanceof Undefined || v === undefined) return 'Undefined';
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (v instanceof Set) return v.size === 0 ? 'set()' : `{${[...v].map(pyRepr).join(', ')}}`;
  if (isMapping(v)) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyRepr(dictKey(v, k))}: ${pyRepr(x)}`)
      .join(', ')}}`;
  }
  return pyStr(v);
}

/** Python's str(): what `{{ value }}` prints. */
export function pyStr(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return numberStr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'undefined':
      return '';
    case 'bigint':
      return v.toString();
    case 'function':
      return (v as unknown as Record<symbol, unknown>)[MACRO]
        ? `<Macro '${v.name}'>`
        : `<function ${v.name || 'lambda'}>`;
  }
  if (v === null) return 'None';
  if (v instanceof Undefined) return '';
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof String) return String(v);
  if (Array.isArray(v) || isMapping(v) || v instanceof Set) return pyRepr(v);
  return String(v);
}
