/**
 * Small seeded pseudo-random tools. Every random choice in the generator goes
 * through a `Rng` derived from (seed, stream name, row index), so a row is a
 * pure function of its coordinates: adding a column or a table never
 * reshuffles the others, and batch 2 can regenerate batch 1's rows exactly.
 */

/** 32-bit avalanche mix (murmur3 finalizer). */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a stream name, so streams are named rather than numbered. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit seed for (seed, stream, index). */
export function deriveSeed(seed: number, stream: string, index = 0): number {
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  h = mix32(h ^ hashName(stream));
  h = mix32(h ^ (index >>> 0));
  // indexes above 2^32 do not occur (3M rows at scale 100), but keep them distinct anyway
  return mix32(h ^ Math.floor(index / 0x100000000));
}

/** mulberry32: tiny, fast, good enough for synthetic data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by relative weights (a short list: linear scan). */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let u = this.next() * total;
    for (const [value, w] of items) {
      u -= w;
      if (u < 0) return value;
    }
    return items[items.length - 1]![0];
  }

  /** A 32-bit value to seed something else (e.g. faker) with. */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }
}

/** The Rng for one row of one stream. */
export function rowRng(seed: number, stream: string, index = 0): Rng {
  return new Rng(deriveSeed(seed, stream, index));
}

/**
 * `count` distinct integers from [lo, hi) (Floyd's algorithm), ascending.
 * Memory is O(count), never O(hi - lo).
 */
export function sampleDistinct(rng: Rng, lo: number, hi: number, count: number): number[] {
  const n = hi - lo;
  const k = Math.max(0, Math.min(count, n));
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.int(0, j);
    chosen.add(chosen.has(lo + t) ? lo + j : lo + t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Weighted sampling over a prefix of a large array: cumulative weights plus a
 * binary search. Zero-weight entries are never drawn.
 */
export class CumulativeWeights {
  private readonly cum: Float64Array;

  constructor(weights: Float64Array) {
    this.cum = new Float64Array(weights.length);
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      acc += weights[i]!;
      this.cum[i] = acc;
    }
  }

  get length(): number {
    return this.cum.length;
  }

  /** An index in [0, prefix) drawn by weight; -1 if the prefix weighs nothing. */
  draw(u: number, prefix = this.cum.length): number {
    if (prefix <= 0) return -1;
    const total = this.cum[prefix - 1]!;
    if (total <= 0) return -1;
    const target = u * total;
    let lo = 0;
    let hi = prefix - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Zipf-like popularity: a random rank for every entity, weight 1/(rank+1)^s.
 * Returns the weights in entity order.
 */
export function zipfWeights(rng: Rng, n: number, exponent: number): Float64Array {
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) ranks[i] = i;
  rng.shuffle(ranks);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 1 / Math.pow(ranks[i]! + 1, exponent);
  return w;
}

/**
 * Up to `count` distinct indexes of [lo, hi) for which `blocked` is false,
 * ascending. Random probing first, then a scan, so it always terminates.
 */
export function pickAvoiding(
  rng: Rng,
  lo: number,
  hi: number,
  count: number,
  blocked: (i: number) => boolean,
): number[] {
  const chosen = new Set<number>();
  if (hi <= lo || count <= 0) return [];
  for (let tries = 0; chosen.size < count && tries < count * 50; tries++) {
    const i = rng.int(lo, hi - 1);
    if (!blocked(i)) chosen.add(i);
  }
  for (let i = lo; chosen.size < count && i < hi; i++) if (!blocked(i)) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}
