import { bindArgs } from './args.js';
import { compare, eq } from './operators.js';
import { pyRepr } from './python-str.js';
import { Undefined, dictKey, isMapping, isString, num, pyView, tuple, typeName } from './values.js';
import { splitArgs } from './args.js';
import { pushAll } from '../../util/arrays.js';

/** The methods of Python's str, list and dict that templates call: 'a,b'.split(','), cols.append(x), d.items(). */

type Method = (self: never, ...args: unknown[]) => unknown;
type Getter = (obj: unknown, key: unknown) => unknown;

/** A Python method that mutates in place returns None. */
const none = (_done: unknown): null => null;

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? null : new Set(String(chars));
  const drop = (c: string) => (set ? set.has(c) : /\s/.test(c));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && drop(s[a]!)) a++;
  if (right) while (b > a && drop(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function split(s: string, sep: unknown, maxsplit: unknown, fromRight: boolean): string[] {
  const max = maxsplit === undefined || maxsplit === null ? -1 : num(maxsplit);
  if (sep === undefined || sep === null) {
    const words = s.split(/\s+/).filter((w) => w !== '');
    if (max < 0 || words.length <= max + 1) return words;
    if (!fromRight) {
      const head = words.slice(0, max);
      let rest = s.trimStart();
      for (const w of head) rest = rest.slice(rest.indexOf(w) + w.length).trimStart();
      return [...head, rest];
    }
    const tail = words.slice(words.length - max);
    let rest = s.trimEnd();
    for (const w of [...tail].reverse()) rest = rest.slice(0, rest.lastIndexOf(w)).trimEnd();
    return [rest, ...tail];
  }
  const d = String(sep);
  if (d === '') throw new Error('ValueError: empty separator');
  const parts = s.split(d);
  if (max < 0 || parts.length <= max + 1) return parts;
  return fromRight
    ? [parts.slice(0, parts.length - max).join(d), ...parts.slice(parts.length - max)]
    : [...parts.slice(0, max), parts.slice(max).join(d)];
}

function prefixes(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/** Python's str.title: a cased letter is upper case after an uncased character, lower case after a cased one. */
function title(s: string): string {
  let prevCased = false;
  let out = '';
  for (const c of s) {
    const cased = c.toLowerCase() !== c.toUpperCase();
    out += cased ? (prevCased ? c.toLowerCase() : c.toUpperCase()) : c;
    prevCased = cased;
  }
  return out;
}

function replace(s: string, old: string, repl: string, count: number): string {
  const parts = old === '' ? ['', ...s, ''] : s.split(old);
  if (count < 0 || count >= parts.length - 1) return parts.join(repl);
  return parts.slice(0, count + 1).join(repl) + old + parts.slice(count + 1).join(old);
}

export const STR_METHODS: Record<string, Method> = {
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  strip: (s: string, c) => strip(s, c, true, true),
  lstrip: (s: string, c) => strip(s, c, true, false),
  rstrip: (s: string, c) => strip(s, c, false, true),
  split: (s: string, ...a) => split(s, ...(bindArgs('split', ['sep', 'maxsplit'], a) as [unknown, unknown]), false),
  rsplit: (s: string, ...a) => split(s, ...(bindArgs('rsplit', ['sep', 'maxsplit'], a) as [unknown, unknown]), true),
  splitlines: (s: string) => s.split(/\r\n|\r|\n/).filter((l, i, all) => i < all.length - 1 || l !== ''),
  startswith: (s: string, p) => prefixes(p).some((x) => s.startsWith(x)),
  endswith: (s: string, p) => prefixes(p).some((x) => s.endsWith(x)),
  title: (s: string) => title(s),
  capitalize: (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  swapcase: (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  casefold: (s: string) => s.toLowerCase(),
  join: (s: string, items) =>
    iterate(items)
      .map((x) => {
        if (!isString(x)) throw new TypeError(`sequence item: expected str instance, ${typeof x} found`);
        return String(x);
      })
      .join(s),
  find: (s: string, sub) => s.indexOf(String(sub)),
  rfind: (s: string, sub) => s.lastIndexOf(String(sub)),
  index: (s: string, sub) => {
    const i = s.indexOf(String(sub));
    if (i < 0) throw new Error('ValueError: substring not found');
    return i;
  },
  count: (s: string, sub) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  replace: (s: string, old, repl, count) => {
    [old, repl].forEach((a, i) => {
      if (!isString(a)) throw new TypeError(`replace() argument ${i + 1} must be str, not ${typeName(a)}`);
    });
    return replace(s, String(old), String(repl), count === undefined || count === null ? -1 : num(count));
  },
  isdigit: (s: string) => /^\d+$/.test(s),
  isnumeric: (s: string) => /^\d+$/.test(s),
  isdecimal: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^[\p{L}]+$/u.test(s),
  isalnum: (s: string) => /^[\p{L}\d]+$/u.test(s),
  isspace: (s: string) => /^\s+$/.test(s),
  islower: (s: string) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  zfill: (s: string, w) => {
    const sign = /^[-+]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(num(w) - sign.length, '0');
  },
  ljust: (s: string, w, f = ' ') => s.padEnd(num(w), String(f)),
  rjust: (s: string, w, f = ' ') => s.padStart(num(w), String(f)),
  center: (s: string, w, f = ' ') => {
    const room = Math.max(0, num(w) - s.length);
    const left = Math.floor(room / 2) + (room & num(w) & 1);
    return String(f).repeat(left) + s + String(f).repeat(room - left);
  },
  partition: (s: string, sep) => {
    const i = s.indexOf(String(sep));
    return tuple(i < 0 ? [s, '', ''] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)]);
  },
  removeprefix: (s: string, p) => (s.startsWith(String(p)) ? s.slice(String(p).length) : s),
  removesuffix: (s: string, p) => (String(p) !== '' && s.endsWith(String(p)) ? s.slice(0, -String(p).length) : s),
};

export const LIST_METHODS: Record<string, Method> = {
  append: (l: unknown[], x) => none(l.push(x)),
  extend: (l: unknown[], xs) => none(pushAll(l, iterate(xs))),
  insert: (l: unknown[], i, x) => none(l.splice(num(i) < 0 ? Math.max(0, l.length + num(i)) : num(i), 0, x)),
  pop: (l: unknown[], i) => {
    if (l.length === 0) throw new Error('IndexError: pop from empty list');
    const at = i === undefined ? l.length - 1 : num(i) < 0 ? l.length + num(i) : num(i);
    if (at < 0 || at >= l.length) throw new Error('IndexError: pop index out of range');
    return l.splice(at, 1)[0];
  },
  remove: (l: unknown[], x) => {
    const i = l.findIndex((y) => eq(x, y));
    if (i < 0) throw new Error('ValueError: list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l: unknown[], x) => {
    const i = l.findIndex((y) => eq(x, y));
    if (i < 0) throw new Error(`ValueError: ${pyRepr(x)} is not in list`);
    return i;
  },
  count: (l: unknown[], x) => l.filter((y) => eq(x, y)).length,
  reverse: (l: unknown[]) => none(l.reverse()),
  copy: (l: unknown[]) => [...l],
  sort: (l: unknown[], ...a) => {
    const [key, reverse] = bindArgs('sort', ['key', 'reverse'], a);
    if (key !== undefined && key !== null)
      throw new TypeError('sort(key=…) needs a Python function; use the sort filter');
    const sorted = [...l].sort((x, y) => (compare('<', x, y) ? -1 : compare('<', y, x) ? 1 : 0));
    if (reverse === true) sorted.reverse();
    l.splice(0, l.length, ...sorted);
    return null;
  },
  clear: (l: unknown[]) => none(l.splice(0)),
};

export function dictMethods(get: Getter): Record<string, Method> {
  return {
    items: (d: Record<string, unknown>) =>
      pyView(
        Object.entries(d).map(([k, v]) => tuple([dictKey(d, k), v])),
        (r) => `dict_items(${r})`,
      ),
    keys: (d: Record<string, unknown>) =>
      pyView(
        Object.keys(d).map((k) => dictKey(d, k)),
        (r) => `dict_keys(${r})`,
      ),
    values: (d: Record<string, unknown>) => pyView(Object.values(d), (r) => `dict_values(${r})`),
    get: (d: Record<string, unknown>, k, dflt = null) => (Object.hasOwn(d, String(k)) ? d[String(k)] : dflt),
    update: (d: Record<string, unknown>, ...args) => {
      const { positional, kwargs } = splitArgs(args);
      for (const src of positional) {
        if (isMapping(src)) Object.assign(d, src);
        else for (const pair of iterate(src)) d[String(get(pair, 0))] = get(pair, 1);
      }
      Object.assign(d, kwargs);
      return null;
    },
    setdefault: (d: Record<string, unknown>, k, dflt = null) => {
      if (!Object.hasOwn(d, String(k))) d[String(k)] = dflt;
      return d[String(k)];
    },
    pop: (d: Record<string, unknown>, k, ...rest) => {
      if (Object.hasOwn(d, String(k))) {
        const v = d[String(k)];
        delete d[String(k)];
        return v;
      }
      if (rest.length > 0) return rest[0];
      throw new Error(`KeyError: ${pyRepr(k)}`);
    },
    copy: (d: Record<string, unknown>) => ({ ...d }),
    clear: (d: Record<string, unknown>) => {
      for (const k of Object.keys(d)) delete d[k];
      return null;
    },
  };
}

/** What `for x in value` walks: a list's items, a dict's keys, a string's characters; Undefined is empty. */
export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined || v instanceof Undefined) return [];
  if (isString(v)) return [...String(v)];
  if (v instanceof Map) return [...v.keys()];
  if (v instanceof Set) return [...v];
  if (isMapping(v)) return Object.keys(v).map((k) => dictKey(v, k));
  if (v !== null && typeof v === 'object' && Symbol.iterator in v) return [...(v as Iterable<unknown>)];
  const what = v === null ? 'NoneType' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v;
  throw new TypeError(`'${what}' object is not iterable`);
}
