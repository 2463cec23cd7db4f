import { bindArgs, splitArgs } from './args.js';
import { attribute, getitem } from './lookup.js';
import { iterate } from './methods.js';
import { add, compare, eq } from './operators.js';
import { pyStr } from './python-str.js';
import { Undefined, isMapping, isString, num, truthy, tuple } from './values.js';

/** Jinja's sequence filters: join, map, select/reject(attr), unique, sort, groupby, batch, slice, sum, min, max… */

type Fn = (value: unknown, ...args: unknown[]) => unknown;
export interface FilterHost {
  getFilter(name: string): Fn;
  getTest(name: string): Fn;
}

const args = (name: string, names: string[], a: unknown[]) => bindArgs(name, names, a);

/** An item's attribute by a dotted path ("address.city", "0"), as Jinja's make_attrgetter reads it. */
function attrGetter(attribute: unknown, dflt?: unknown, lower = false): (item: unknown) => unknown {
  const parts =
    attribute === undefined || attribute === null
      ? []
      : String(attribute)
          .split('.')
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (item) => {
    let v = item;
    for (const p of parts) {
      v = getitem(v, p);
      if (v instanceof Undefined && dflt !== undefined) return dflt;
    }
    return lower && isString(v) ? String(v).toLowerCase() : v;
  };
}

function sortKey(attribute: unknown, caseSensitive: boolean): (item: unknown) => unknown {
  if (attribute !== undefined && attribute !== null && String(attribute).includes(',')) {
    const getters = String(attribute)
      .split(',')
      .map((a) => attrGetter(a.trim(), undefined, !caseSensitive));
    return (item) => getters.map((g) => g(item));
  }
  return attrGetter(attribute, undefined, !caseSensitive);
}

function sorted(items: unknown[], key: (x: unknown) => unknown, reverse: boolean): unknown[] {
  const keyed = items.map((item) => ({ item, k: key(item) }));
  keyed.sort((a, b) => (compare('<', a.k, b.k) ? -1 : compare('<', b.k, a.k) ? 1 : 0) * (reverse ? -1 : 1));
  return keyed.map((x) => x.item);
}

function unique(value: unknown, ...a: unknown[]): unknown[] {
  const [caseSensitive = false, attribute] = args('unique', ['case_sensitive', 'attribute'], a);
  const key = attrGetter(attribute, undefined, !truthy(caseSensitive));
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const item of iterate(value)) {
    const k = key(item);
    if (seen.some((s) => eq(s, k))) continue;
    seen.push(k);
    out.push(item);
  }
  return out;
}

function aggregate(name: string, pickMax: boolean): Fn {
  return (value, ...a) => {
    const [caseSensitive = false, attribute] = args(name, ['case_sensitive', 'attribute'], a);
    const items = iterate(value);
    if (items.length === 0) return new Undefined('No aggregated item, sequence was empty.');
    const key = attrGetter(attribute, undefined, !truthy(caseSensitive));
    return items.reduce((best, item) => (compare(pickMax ? '>' : '<', key(item), key(best)) ? item : best));
  };
}

function groupby(value: unknown, ...a: unknown[]): unknown[] {
  const [attribute, dflt, caseSensitive = false] = args('groupby', ['attribute', 'default', 'case_sensitive'], a);
  const key = attrGetter(attribute, dflt ?? undefined, !truthy(caseSensitive));
  const groups: { grouper: unknown; list: unknown[] }[] = [];
  for (const item of sorted(iterate(value), key, false)) {
    const k = key(item);
    const last = groups[groups.length - 1];
    if (last && eq(last.grouper, k)) last.list.push(item);
    else groups.push({ grouper: k, list: [item] });
  }
  const raw = attrGetter(attribute, dflt ?? undefined, false);
  return groups.map((g) => {
    const grouper = truthy(caseSensitive) ? g.grouper : raw(g.list[0]);
    const t = tuple([grouper, g.list]);
    Object.defineProperties(t, { grouper: { value: grouper }, list: { value: g.list } });
    return t;
  });
}

function batch(value: unknown, ...a: unknown[]): unknown[][] {
  const [count, fill] = args('batch', ['linecount', 'fill_with'], a);
  const n = num(count);
  const out: unknown[][] = [];
  for (const item of iterate(value)) {
    if (!out.length || out[out.length - 1]!.length === n) out.push([]);
    out[out.length - 1]!.push(item);
  }
  const last = out[out.length - 1];
  if (last && fill !== undefined && fill !== null) while (last.length < n) last.push(fill);
  return out;
}

function sliceFilter(value: unknown, ...a: unknown[]): unknown[][] {
  const [slices, fill] = args('slice', ['slices', 'fill_with'], a);
  const seq = iterate(value);
  const n = num(slices);
  const per = Math.floor(seq.length / n);
  const extra = seq.length % n;
  const out: unknown[][] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const start = offset + i * per;
    if (i < extra) offset++;
    const end = offset + (i + 1) * per;
    const part = seq.slice(start, end);
    if (fill !== undefined && fill !== null && i >= extra) part.push(fill);
    out.push(part);
  }
  return out;
}

export function sequenceFilters(host: FilterHost): Record<string, Fn> {
  const testFor = (positional: unknown[]): ((v: unknown) => boolean) => {
    if (positional.length === 0) return truthy;
    const test = host.getTest(String(positional[0]));
    return (v) => truthy(test(v, ...positional.slice(1)));
  };
  const select =
    (keep: boolean, byAttr: boolean): Fn =>
    (value, ...a) => {
      const { positional } = splitArgs(a);
      const get = byAttr ? attrGetter(positional.shift()) : (x: unknown) => x;
      const test = testFor(positional);
      // Jinja's select/reject and map iterate only a truthy value: `none | map('lower')` is empty.
      return (truthy(value) ? iterate(value) : []).filter((item) => test(get(item)) === keep);
    };
  return {
    join: (value, ...a) => {
      const [d = '', attribute] = args('join', ['d', 'attribute'], a);
      const get = attrGetter(attribute);
      return iterate(value)
        .map((x) => pyStr(get(x)))
        .join(pyStr(d));
    },
    map: (value, ...a) => {
      const { positional, kwargs } = splitArgs(a);
      const items = truthy(value) ? iterate(value) : [];
      if (kwargs.attribute !== undefined) return items.map(attrGetter(kwargs.attribute, kwargs.default));
      if (positional.length === 0) throw new TypeError('map requires a filter argument');
      const f = host.getFilter(String(positional[0]));
      const rest = positional.slice(1);
      return items.map((x) => f(x, ...rest));
    },
    select: select(true, false),
    reject: select(false, false),
    selectattr: select(true, true),
    rejectattr: select(false, true),
    unique,
    sort: (value, ...a) => {
      const [reverse = false, caseSensitive = false, attribute] = args(
        'sort',
        ['reverse', 'case_sensitive', 'attribute'],
        a,
      );
      return sorted([...iterate(value)], sortKey(attribute, truthy(caseSensitive)), truthy(reverse));
    },
    dictsort: (value, ...a) => {
      const [caseSensitive = false, by = 'key', reverse = false] = args(
        'dictsort',
        ['case_sensitive', 'by', 'reverse'],
        a,
      );
      if (value instanceof Undefined) value.fail();
      if (!isMapping(value)) throw new TypeError('dictsort: a dict is required');
      const pos = by === 'key' ? 0 : by === 'value' ? 1 : -1;
      if (pos < 0) throw new Error("You can only sort by either 'key' or 'value'");
      const items = Object.entries(value).map(([k, v]) => tuple([k, v]));
      return sorted(
        items,
        (it) => {
          const v = (it as unknown[])[pos];
          return !truthy(caseSensitive) && isString(v) ? String(v).toLowerCase() : v;
        },
        truthy(reverse),
      );
    },
    groupby,
    batch,
    slice: sliceFilter,
    sum: (value, ...a) => {
      const [attribute, start = 0] = args('sum', ['attribute', 'start'], a);
      const get = attrGetter(attribute);
      return iterate(value).reduce((acc, x) => add(acc, get(x)), start);
    },
    min: aggregate('min', false),
    max: aggregate('max', true),
    list: (value) => [...iterate(value)],
    length: (value) =>
      value instanceof Undefined ? 0 : isMapping(value) ? Object.keys(value).length : iterate(value).length,
    count: (value) =>
      value instanceof Undefined ? 0 : isMapping(value) ? Object.keys(value).length : iterate(value).length,
    first: (value) => {
      const items = iterate(value);
      return items.length ? items[0] : new Undefined('No first item, sequence was empty.');
    },
    last: (value) => {
      const items = iterate(value);
      return items.length ? items[items.length - 1] : new Undefined('No last item, sequence was empty.');
    },
    reverse: (value) => (isString(value) ? [...String(value)].reverse().join('') : [...iterate(value)].reverse()),
    items: (value) => {
      if (value instanceof Undefined) return [];
      if (!isMapping(value)) throw new TypeError('Can only get item pairs from a mapping.');
      return Object.entries(value).map(([k, v]) => tuple([k, v]));
    },
    attr: (value, name) => attribute(value, String(name)),
    default: (value, ...a) => {
      const [dflt = '', boolean = false] = args('default', ['default_value', 'boolean'], a);
      return value instanceof Undefined || value === undefined || (truthy(boolean) && !truthy(value)) ? dflt : value;
    },
  };
}
