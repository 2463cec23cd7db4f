/**
 * When transactions happen: a weight per day (weekday pattern, seasonality
 * with a November/December peak, Black Friday and Cyber Monday, a slow
 * upward trend, a little noise), apportioned exactly to a transaction count,
 * and an evening-heavy time of day.
 */
import { rowRng } from './rng.js';
import type { Rng } from './rng.js';
import { monthOf, weekday } from './format.js';
import { TXN_START } from './world.js';

/** Sunday … Saturday: weekends are busier. */
const WEEKDAY_FACTOR = [1.3, 0.9, 0.9, 0.95, 1.0, 1.1, 1.35];
/** January … December. */
const MONTH_FACTOR = [0.85, 0.82, 0.92, 0.95, 1.0, 0.98, 1.02, 1.0, 0.95, 1.02, 1.45, 1.65];
/** Midnight … 23:00. */
const HOUR_WEIGHTS = [
  1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.2, 3, 3.5, 3.8, 4.2, 4, 3.8, 3.6, 3.7, 4, 4.6, 5.2, 5.5, 5, 3.5, 2,
];
const HOUR_CHOICES = HOUR_WEIGHTS.map((w, h) => [h, w] as const);

/** Day of Thanksgiving (fourth Thursday of November) in the year of `day`. */
function thanksgiving(day: number): number {
  const year = new Date(day * 86_400_000).getUTCFullYear();
  const nov1 = Math.round(Date.UTC(year, 10, 1) / 86_400_000);
  const firstThursday = nov1 + ((4 - weekday(nov1) + 7) % 7);
  return firstThursday + 21;
}

export function dayWeight(seed: number, day: number): number {
  let w = WEEKDAY_FACTOR[weekday(day)]! * MONTH_FACTOR[monthOf(day) - 1]!;
  const t = thanksgiving(day);
  if (day === t + 1) w *= 2.4; // Black Friday
  if (day === t + 4) w *= 1.9; // Cyber Monday
  if (monthOf(day) === 12 && new Date(day * 86_400_000).getUTCDate() === 25) w *= 0.45;
  w *= 1 + (0.15 * (day - TXN_START)) / 730; // the business grows
  w *= 0.85 + 0.3 * rowRng(seed, 'day-noise', day).next();
  return w;
}

/** Total weight of the days [first, last]. */
export function weightOf(seed: number, first: number, last: number): number {
  let total = 0;
  for (let d = first; d <= last; d++) total += dayWeight(seed, d);
  return total;
}

/** `count` transactions split over [first, last] in proportion to the day weights (largest remainder: exact total). */
export function apportion(seed: number, first: number, last: number, count: number): Int32Array {
  const n = last - first + 1;
  const weights = Array.from({ length: n }, (_, k) => dayWeight(seed, first + k));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = new Int32Array(n);
  const remainders: [number, number][] = [];
  let given = 0;
  for (let k = 0; k < n; k++) {
    const quota = (count * weights[k]!) / total;
    counts[k] = Math.floor(quota);
    given += counts[k]!;
    remainders.push([quota - counts[k]!, k]);
  }
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; r < count - given; r++) counts[remainders[r]![1]]! += 1;
  return counts;
}

/** `n` ascending times (seconds since midnight) for one day. */
export function timesOfDay(rng: Rng, n: number): number[] {
  const times: number[] = [];
  for (let k = 0; k < n; k++) times.push(rng.weighted(HOUR_CHOICES) * 3600 + rng.int(0, 3599));
  return times.sort((a, b) => a - b);
}

/**
 * Items per transaction: every block of ten transactions gets a shuffled
 * {1,2,2,3,3,3,3,4,4,5}: 1–5 items, mean exactly 3, so scale 1 has exactly
 * 30,000 line items.
 */
const ITEM_BLOCK = [1, 2, 2, 3, 3, 3, 3, 4, 4, 5];

export class ItemCounts {
  private block = -1;
  private perm: number[] = [];

  constructor(
    private readonly seed: number,
    private readonly stream: string,
  ) {}

  of(t: number): number {
    const b = Math.floor(t / ITEM_BLOCK.length);
    if (b !== this.block) {
      this.block = b;
      this.perm = rowRng(this.seed, this.stream, b).shuffle([...ITEM_BLOCK]);
    }
    return this.perm[t % ITEM_BLOCK.length]!;
  }

  /** Total items of transactions [0, count). */
  total(count: number): number {
    const full = Math.floor(count / ITEM_BLOCK.length);
    let sum = full * ITEM_BLOCK.reduce((a, b) => a + b, 0);
    for (let t = full * ITEM_BLOCK.length; t < count; t++) sum += this.of(t);
    return sum;
  }
}
