import type nunjucks from 'nunjucks';
import { splitArgs } from './environment.js';

/**
 * The bits of Jinja (Python) that dbt projects lean on and nunjucks lacks:
 * Python string methods ('x'.upper(), ', '.join(cols), s.startswith('stg_')),
 * negative indexes (parts[-1]), string slices ('abc'[1:] is 'bc'), and the
 * map / selectattr / rejectattr filters with Jinja's arguments.
 */

type Fn = (this: string, ...args: unknown[]) => unknown;

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    let out = s;
    if (left) out = out.replace(/^\s+/, '');
    if (right) out = out.replace(/\s+$/, '');
    return out;
  }
  const set = new Set(String(chars));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.has(s[a]!)) a++;
  if (right) while (b > a && set.has(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function prefixes(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/** Python's str.format for {} / {0} / {name} fields ({{ and }} escape braces; format specs are ignored). */
function pyStrFormat(fmt: string, args: unknown[]): string {
  const { positional, kwargs } = splitArgs(args);
  let next = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}:!]*)(?:![rsa])?(?::[^{}]*)?\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const key = field ?? '';
    const value = key === '' ? positional[next++] : /^\d+$/.test(key) ? positional[Number(key)] : kwargs[key];
    return value === undefined || value === null ? String(value === null ? 'None' : '') : String(value);
  });
}

const STRING_MEMBERS: Record<string, Fn> = {
  upper() {
    return this.toUpperCase();
  },
  lower() {
    return this.toLowerCase();
  },
  strip(chars) {
    return stripChars(this, chars, true, true);
  },
  lstrip(chars) {
    return stripChars(this, chars, true, false);
  },
  rstrip(chars) {
    return stripChars(this, chars, false, true);
  },
  startswith(p) {
    return prefixes(p).some((x) => this.startsWith(x));
  },
  endswith(p) {
    return prefixes(p).some((x) => this.endsWith(x));
  },
  title() {
    return this.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase());
  },
  capitalize() {
    return this.charAt(0).toUpperCase() + this.slice(1).toLowerCase();
  },
  format(...args) {
    return pyStrFormat(this, args);
  },
  join(items) {
    return (Array.isArray(items) ? items : [...String(items ?? '')]).map(String).join(this);
  },
  find(sub) {
    return this.indexOf(String(sub));
  },
  count(sub) {
    return String(sub) === '' ? this.length + 1 : this.split(String(sub)).length - 1;
  },
  isdigit() {
    return /^\d+$/.test(this);
  },
  /** Python replaces every occurrence (JavaScript's replace only the first), up to `count`. */
  replace(old, repl, count) {
    const parts = this.split(String(old));
    const n = count === undefined || count === null || Number(count) < 0 ? parts.length : Number(count) + 1;
    return (
      parts.slice(0, n).join(String(repl)) + (n < parts.length ? String(old) + parts.slice(n).join(String(old)) : '')
    );
  },
  /** split() with no separator splits on runs of whitespace, as in Python; maxsplit is honoured. */
  split(sep, maxsplit) {
    const max = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
    if (sep === undefined || sep === null) {
      const words = this.trim() === '' ? [] : this.trim().split(/\s+/);
      return max < 0 || words.length <= max + 1
        ? words
        : [...words.slice(0, max), this.trim().split(/\s+/).slice(max).join(' ')];
    }
    const parts = this.split(String(sep));
    return max < 0 || parts.length <= max + 1 ? parts : [...parts.slice(0, max), parts.slice(max).join(String(sep))];
  },
};

type Lookup = (this: unknown, obj: unknown, val: unknown, ...rest: unknown[]) => unknown;

/** Wraps nunjucks' member lookup (after installJinjaCompat) with the Python behaviours above. */
export function patchMemberLookup(runtime: Record<string, unknown>): void {
  const compat = runtime.memberLookup as Lookup;
  runtime.memberLookup = function (this: unknown, obj: unknown, val: unknown, ...rest: unknown[]): unknown {
    if (rest.length === 2) {
      // A slice, obj[start:stop:step]: a string's slice is a string.
      const out = compat.call(this, obj, val, ...rest);
      return typeof obj === 'string' && Array.isArray(out) ? out.join('') : out;
    }
    if (
      typeof obj === 'string' &&
      typeof val === 'string' &&
      Object.prototype.hasOwnProperty.call(STRING_MEMBERS, val)
    ) {
      return STRING_MEMBERS[val]!.bind(obj);
    }
    if (
      (Array.isArray(obj) || typeof obj === 'string') &&
      typeof val === 'number' &&
      Number.isInteger(val) &&
      val < 0
    ) {
      return obj[obj.length + val];
    }
    return compat.call(this, obj, val, ...rest);
  };
}

function attributeOf(item: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o === null || o === undefined ? undefined : (o as Record<string, unknown>)[k]), item);
}

function toList(seq: unknown): unknown[] {
  if (Array.isArray(seq)) return seq;
  if (seq === null || seq === undefined) return [];
  if (typeof seq === 'string') return [...seq];
  if (typeof seq === 'object') return Object.keys(seq);
  return [seq];
}

interface FilterEnv {
  getFilter(name: string): (...args: unknown[]) => unknown;
  getTest(name: string): (...args: unknown[]) => unknown;
}

/** Jinja's map (attribute= or a filter name), selectattr / rejectattr (with a test), and the `in` test. */
export function addJinjaFilters(env: nunjucks.Environment): void {
  const e = env as unknown as FilterEnv & { addTest(name: string, fn: (v: unknown, arg?: unknown) => boolean): void };
  env.addFilter('map', function (this: unknown, seq: unknown, ...args: unknown[]) {
    const { positional, kwargs } = splitArgs(args);
    const list = toList(seq);
    if (kwargs.attribute !== undefined) {
      return list.map((item) => attributeOf(item, String(kwargs.attribute)) ?? kwargs.default);
    }
    if (positional.length === 0) return list;
    const filter = e.getFilter(String(positional[0]));
    return list.map((item) => filter.call(this, item, ...positional.slice(1)));
  });
  const byAttr = (keep: boolean) =>
    function (this: unknown, seq: unknown, attr: unknown, testName?: unknown, ...testArgs: unknown[]) {
      const test = testName === undefined ? undefined : e.getTest(String(testName));
      return toList(seq).filter((item) => {
        const v = attributeOf(item, String(attr));
        const ok = test ? Boolean(test.call(this, v, ...testArgs)) : Boolean(v);
        return ok === keep;
      });
    };
  env.addFilter('selectattr', byAttr(true));
  env.addFilter('rejectattr', byAttr(false));
  e.addTest('in', (v, container) => {
    if (Array.isArray(container) || typeof container === 'string') return container.includes(v as never);
    return (
      typeof container === 'object' && container !== null && Object.prototype.hasOwnProperty.call(container, String(v))
    );
  });
}
