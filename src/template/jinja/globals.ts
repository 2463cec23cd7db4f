import { bindArgs, splitArgs } from './args.js';
import { iterate } from './methods.js';
import { pyRepr } from './python-str.js';
import { isInt, isMapping, num, pyView, pythonNative, truthy, tuple, typeName } from './values.js';

/** Jinja's global functions that dbt templates use: range, dict, namespace, zip, and zip (which dbt adds). */

/** `namespace(k=v)`: an object whose attributes `{% set ns.k = … %}` may change, also from inside a loop. */
export class Namespace {
  [key: string]: unknown;
  constructor(values: Record<string, unknown>) {
    Object.assign(this, values);
  }
}
Object.defineProperty(Namespace.prototype, 'toString', {
  value(this: Namespace) {
    return `<Namespace ${pyRepr({ ...this })}>`;
  },
});

function range(...args: unknown[]): number[] {
  const given = splitArgs(args).positional;
  const bad = given.find((v) => !isInt(v));
  if (bad !== undefined) throw new TypeError(`'${typeName(bad)}' object cannot be interpreted as an integer`);
  const [a, b, c] = given.map(num);
  const [start, stop, step] = b === undefined ? [0, a!, 1] : [a!, b, c ?? 1];
  if (step === 0) throw new Error('ValueError: range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
    if (out.length > 100000) throw new Error('OverflowError: range too big, maximum size for range is 100000.');
  }
  return pyView(out, () => `range(${start}, ${stop}${step === 1 ? '' : `, ${step}`})`);
}

function dict(...args: unknown[]): Record<string, unknown> {
  const { positional, kwargs } = splitArgs(args);
  const out: Record<string, unknown> = {};
  const src = positional[0];
  if (isMapping(src)) Object.assign(out, src);
  else if (src !== undefined)
    for (const pair of iterate(src)) out[String((pair as unknown[])[0])] = (pair as unknown[])[1];
  return Object.assign(out, kwargs);
}

function namespace(...args: unknown[]): Namespace {
  const { positional, kwargs } = splitArgs(args);
  return new Namespace({ ...dict(...positional), ...kwargs });
}

function zipLists(...args: unknown[]): unknown[][] {
  const lists = splitArgs(args).positional.map(iterate);
  const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
}

/** Python's zip() (a dbt context function, not a Jinja global). */
export const zip = pythonNative(zipLists);

/** dbt's zip_strict(): zip, failing loudly on an argument that is not iterable. */
export const zipStrict = pythonNative((...args: unknown[]) => {
  const bad = splitArgs(args).positional.find((a) => isInt(a) || a === null || typeof a === 'boolean');
  if (bad !== undefined) throw new TypeError(`'${typeName(bad)}' object is not iterable`);
  return zipLists(...args);
});

const LOREM = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore ' +
  'magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo ' +
  'consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint'
).split(' ');

/** Jinja's lipsum(n, html, min, max): n paragraphs of random placeholder words. */
function lipsum(...a: unknown[]): string {
  const [n = 5, html = true, min = 20, max = 100] = bindArgs('lipsum', ['n', 'html', 'min', 'max'], a);
  // Python's randrange(lo, hi): hi itself is never picked.
  const pick = (lo: number, hi: number) => {
    if (hi <= lo) throw new Error(`ValueError: empty range for randrange() (${lo}, ${hi}, ${hi - lo})`);
    return lo + Math.floor(Math.random() * (hi - lo));
  };
  const paragraphs = Array.from({ length: num(n) }, () => {
    const words = Array.from({ length: pick(num(min), num(max)) }, () => LOREM[pick(0, LOREM.length)]!);
    const text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  });
  return truthy(html) ? paragraphs.map((p) => `<p>${p}</p>`).join('\n') : paragraphs.join('\n\n');
}

export const JINJA_GLOBALS: Record<string, unknown> = {
  range: pythonNative(range),
  dict: pythonNative(dict),
  namespace: pythonNative(namespace),
  lipsum: pythonNative(lipsum),
};
