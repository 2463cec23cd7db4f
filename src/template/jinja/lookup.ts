import { splitArgs } from './args.js';
import { strFormat } from './format.js';
import { LIST_METHODS, STR_METHODS, dictMethods } from './methods.js';
import { pyRepr } from './python-str.js';
import type { MacroMeta } from './macro-meta.js';
import { MACRO, Undefined, isMapping, isString, isTuple, num, objectTypeRepr, pythonNative, tuple } from './values.js';

/**
 * Attribute and item access with Jinja's rules: `a.b` tries the attribute (a Python method of str, list or
 * dict, or a property) then the item; `a['b']` the item then the attribute. A miss gives an Undefined that
 * remembers what was missing; using an Undefined for anything more fails with that message.
 */

function missing(obj: unknown, key: unknown): Undefined {
  if (typeof key === 'string') return new Undefined(`'${objectTypeRepr(obj)}' has no attribute '${key}'`);
  return new Undefined(`${objectTypeRepr(obj)} has no element ${pyRepr(key)}`);
}

function checkDefined(obj: unknown): void {
  if (obj instanceof Undefined) obj.fail();
  if (obj === undefined) new Undefined('an undefined value has no attributes').fail();
}

function bindMethod(obj: unknown, name: string): unknown {
  const table = isString(obj)
    ? STR_METHODS_WITH_FORMAT
    : Array.isArray(obj)
      ? isTuple(obj)
        ? TUPLE_METHODS
        : LIST_METHODS
      : isMapping(obj)
        ? DICT_METHODS
        : undefined;
  if (!table || !Object.hasOwn(table, name)) return undefined;
  const method = table[name]!;
  const self = isString(obj) ? String(obj) : obj;
  return pythonNative((...args: unknown[]) => method(self as never, ...args));
}

/**
 * Own or inherited (class) members of a JavaScript object: never private-looking names, nor the members of
 * the built-in prototypes (a list's JavaScript `map`, a function's `call`), which Python objects do not have.
 */
function property(obj: object, name: string): unknown {
  if (name.startsWith('_') || name === 'constructor') return undefined;
  // A tuple may carry named fields (groupby's grouper / list), as Python's namedtuples do.
  if (Array.isArray(obj))
    return Object.hasOwn(obj, name) && name !== 'length'
      ? (obj as unknown as Record<string, unknown>)[name]
      : undefined;
  const macro = typeof obj === 'function' ? macroAttribute(obj, name) : undefined;
  if (macro !== undefined) return macro;
  if (isMapping(obj) || typeof obj === 'function') {
    return Object.hasOwn(obj, name) && !(typeof obj === 'function' && ['length', 'name', 'prototype'].includes(name))
      ? (obj as Record<string, unknown>)[name]
      : undefined;
  }
  if (!(name in obj) || (name in Object.prototype && !Object.hasOwn(obj, name))) return undefined;
  const value = (obj as Record<string, unknown>)[name];
  return typeof value === 'function' && !Object.hasOwn(obj, name) ? value.bind(obj) : value;
}

/** A macro's `name`: the one attribute a dbt macro (dbt's MacroGenerator around Jinja's macro) offers. */
function macroAttribute(fn: object, name: string): unknown {
  const meta = (fn as Record<symbol, MacroMeta | undefined>)[MACRO];
  return meta && name === 'name' ? meta.name : undefined;
}

/** An object used as a dict key (a Relation in dbt_utils' union_relations) is stored under its str(). */
function hashableKey(key: unknown): unknown {
  if (key === null || typeof key !== 'object' || key instanceof Undefined || isString(key)) return key;
  const text = (key as { toString?: unknown }).toString;
  return text !== Object.prototype.toString && !Array.isArray(key) ? String(key) : key;
}

function item(obj: unknown, key: unknown): unknown {
  if (Array.isArray(obj) || isString(obj)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
    const s = isString(obj) ? String(obj) : obj;
    const i = key < 0 ? s.length + key : key;
    return i >= 0 && i < s.length ? s[i] : undefined;
  }
  if (obj instanceof Map) return obj.get(key);
  if (obj !== null && typeof obj === 'object') {
    const k = typeof key === 'number' || typeof key === 'boolean' ? String(num(key)) : hashableKey(key);
    if (isString(k) && Object.hasOwn(obj, String(k))) return (obj as Record<string, unknown>)[String(k)];
  }
  return undefined;
}

/** Only the attribute (a method or a property), never an item: Jinja's `attr` filter. */
export function attribute(obj: unknown, name: string): unknown {
  checkDefined(obj);
  const method = obj === null ? undefined : bindMethod(obj, name);
  if (method !== undefined) return method;
  if (obj !== null && !isMapping(obj) && (typeof obj === 'object' || typeof obj === 'function')) {
    const value = property(obj, name);
    if (value !== undefined) return value;
  }
  return missing(obj, name);
}

/** `obj.name` */
export function getattr(obj: unknown, name: string): unknown {
  // Python's Undefined has no dunder attributes: the sandbox turns that into another Undefined.
  if (obj instanceof Undefined && name.startsWith('__')) return missing(obj, name);
  checkDefined(obj);
  if (obj === null) return missing(obj, name);
  const method = bindMethod(obj, name);
  if (method !== undefined) return method;
  if (typeof obj === 'object' || typeof obj === 'function') {
    const value = property(obj, name);
    if (value !== undefined) return value;
  }
  const found = item(obj, name);
  return found === undefined ? missing(obj, name) : found;
}

/** `obj[key]` */
export function getitem(obj: unknown, key: unknown): unknown {
  checkDefined(obj);
  if (obj === null || key instanceof Undefined) return missing(obj, key);
  const found = item(obj, key);
  if (found !== undefined) return found;
  if (typeof key === 'string') {
    const method = bindMethod(obj, key);
    if (method !== undefined) return method;
    if (typeof obj === 'object' || typeof obj === 'function') {
      const value = property(obj, key);
      if (value !== undefined) return value;
    }
  }
  return missing(obj, key);
}

function sliceIndex(v: unknown): number | undefined {
  if (v === null || v === undefined || v instanceof Undefined) return undefined;
  return num(v);
}

/** `obj[start:stop:step]` with Python's slice rules. */
export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  checkDefined(obj);
  const seq: unknown[] = isString(obj) ? [...String(obj)] : Array.isArray(obj) ? obj : [];
  if (!isString(obj) && !Array.isArray(obj)) throw new TypeError(`'${objectTypeRepr(obj)}' is not subscriptable`);
  const n = seq.length;
  const st = sliceIndex(step) ?? 1;
  if (st === 0) throw new Error('ValueError: slice step cannot be zero');
  const clamp = (v: number | undefined, dflt: number, lo: number, hi: number) => {
    if (v === undefined) return dflt;
    const i = v < 0 ? v + n : v;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const a = clamp(sliceIndex(start), 0, 0, n);
    const b = clamp(sliceIndex(stop), n, 0, n);
    for (let i = a; i < b; i += st) out.push(seq[i]);
  } else {
    const a = clamp(sliceIndex(start), n - 1, -1, n - 1);
    const b = clamp(sliceIndex(stop), -1, -1, n - 1);
    for (let i = a; i > b; i += st) out.push(seq[i]);
  }
  if (isString(obj)) return out.join('');
  return isTuple(obj) ? tuple(out) : out;
}

const DICT_METHODS = dictMethods(getitem);
const STR_METHODS_WITH_FORMAT: Record<string, (self: never, ...args: unknown[]) => unknown> = {
  ...STR_METHODS,
  format: (s: string, ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    return strFormat(s, positional, kwargs, (obj, key) =>
      typeof key === 'number' ? getitem(obj, key) : getattr(obj, key),
    );
  },
};
const TUPLE_METHODS: Record<string, (self: never, ...args: unknown[]) => unknown> = {
  index: LIST_METHODS.index!,
  count: LIST_METHODS.count!,
};
