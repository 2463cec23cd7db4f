import { bindArgs, splitArgs } from '../args.js';
import { iterate } from '../methods.js';
import { eq } from '../operators.js';
import { num, pythonNative, tuple } from '../values.js';

/**
 * dbt's `modules.itertools`: product, chain (and chain.from_iterable), combinations, permutations, islice and
 * groupby. Python returns lazy iterators; these return lists (of tuples), which templates iterate, `| list`
 * or index the same way.
 */

function product(...a: unknown[]): unknown[][] {
  const { positional, kwargs } = splitArgs(a);
  const pools = positional.map(iterate);
  const repeat = kwargs.repeat === undefined ? 1 : num(kwargs.repeat);
  const all = Array.from({ length: repeat }, () => pools).flat();
  let out: unknown[][] = [[]];
  for (const pool of all) out = out.flatMap((prefix) => pool.map((x) => [...prefix, x]));
  return out.map(tuple);
}

function combinations(...a: unknown[]): unknown[][] {
  const [it, r] = bindArgs('combinations', ['iterable', 'r'], a);
  const pool = iterate(it);
  const k = num(r);
  const out: unknown[][] = [];
  const pick = (start: number, acc: unknown[]) => {
    if (acc.length === k) return void out.push(tuple([...acc]));
    for (let i = start; i < pool.length; i++) pick(i + 1, [...acc, pool[i]]);
  };
  pick(0, []);
  return out;
}

function permutations(...a: unknown[]): unknown[][] {
  const [it, r] = bindArgs('permutations', ['iterable', 'r'], a);
  const pool = iterate(it);
  const k = r === undefined || r === null ? pool.length : num(r);
  const out: unknown[][] = [];
  const pick = (used: boolean[], acc: unknown[]) => {
    if (acc.length === k) return void out.push(tuple([...acc]));
    pool.forEach((x, i) => {
      if (used[i]) return;
      used[i] = true;
      pick(used, [...acc, x]);
      used[i] = false;
    });
  };
  pick([], []);
  return out;
}

function islice(...a: unknown[]): unknown[] {
  const { positional } = splitArgs(a);
  const items = iterate(positional[0]);
  const n = (v: unknown, d: number) => (v === undefined || v === null ? d : num(v));
  const [start, stop, step] =
    positional.length <= 2
      ? [0, n(positional[1], items.length), 1]
      : [n(positional[1], 0), n(positional[2], items.length), n(positional[3], 1)];
  const out: unknown[] = [];
  for (let i = start; i < Math.min(stop, items.length); i += step) out.push(items[i]);
  return out;
}

/** Consecutive runs of equal keys, as (key, items) pairs. */
function groupby(...a: unknown[]): unknown[][] {
  const [it, key] = bindArgs('groupby', ['iterable', 'key'], a);
  const keyOf = typeof key === 'function' ? (x: unknown) => (key as (v: unknown) => unknown)(x) : (x: unknown) => x;
  const out: unknown[][] = [];
  for (const x of iterate(it)) {
    const k = keyOf(x);
    const last = out[out.length - 1];
    if (last && eq(last[0], k)) (last[1] as unknown[]).push(x);
    else out.push(tuple([k, [x]]));
  }
  return out;
}

const chain = Object.assign(
  pythonNative((...a: unknown[]) => splitArgs(a).positional.flatMap(iterate)),
  { from_iterable: pythonNative((it: unknown) => iterate(it).flatMap(iterate)) },
);

export const ITERTOOLS_MODULE = {
  product: pythonNative(product),
  chain,
  combinations: pythonNative(combinations),
  permutations: pythonNative(permutations),
  islice: pythonNative(islice),
  groupby: pythonNative(groupby),
};
