/**
 * Transactions and their line items, streamed together day by day. A batch
 * is one or two segments: batch 1 = 2023-01-01 … 2024-12-26; batch 2 = the
 * same segment again (byte for byte) plus 2024-12-27 … 2024-12-31.
 */
import { rowRng } from './rng.js';
import type { Rng } from './rng.js';
import type { CsvWriter } from './csv.js';
import type { DefectTally } from './defects.js';
import {
  INVALID_DATES,
  INVALID_PAYMENT_METHODS,
  NULL_KEY,
  discountOutOfRange,
  futureTimestamp,
  lineTotalCents,
  nonpositiveQuantity,
  orphanItemTarget,
  wrongLineTotal,
} from './defect-injectors.js';
import { TABLE_DEFECTS, planDefects } from './defects.js';
import type { ItemAmounts } from './defect-injectors.js';
import { SECONDS_PER_DAY, formatCents, formatTimestamp } from './format.js';
import { ItemCounts, apportion, timesOfDay, weightOf } from './calendar.js';
import type { CustomerWorld } from './customers.js';
import type { ProductWorld } from './products.js';
import type { Sizes } from './world.js';
import { BATCH1_END, BATCH2_DATE, BATCH2_END, PAYMENT_METHODS, TXN_START, idOf, orphanIdOf } from './world.js';

export const TRANSACTION_COLUMNS = [
  'transaction_id',
  'customer_id',
  'transaction_date',
  'payment_method',
  'status',
  'updated_at',
] as const;
export const ITEM_COLUMNS = [
  'item_id',
  'transaction_id',
  'product_id',
  'quantity',
  'unit_price',
  'discount',
  'line_total',
] as const;

const QUANTITIES = [
  [1, 62],
  [2, 22],
  [3, 9],
  [4, 4],
  [5, 3],
] as const;
const DISCOUNTS = [5, 10, 10, 15, 20, 25, 30, 40, 50];

export interface Segment {
  /** names the random streams, so the segments never share one */
  name: 'b1' | 'b2';
  firstDay: number;
  lastDay: number;
  transactions: number;
  /** global index of the segment's first transaction and first item */
  txnOffset: number;
  itemOffset: number;
  /** the price a line item charges for a product in this segment */
  priceOf: (product: number) => number;
}

export interface SegmentStats {
  transactions: number;
  items: number;
  /** earliest / latest clean transaction_date written */
  minDate: string;
  maxDate: string;
}

export interface TransactionContext {
  seed: number;
  defectRate: number;
  sizes: Sizes;
  customers: CustomerWorld;
  products: ProductWorld;
}

/** The segments a batch writes. */
export function segmentsFor(ctx: TransactionContext, batch: 1 | 2): Segment[] {
  const { seed, sizes, products } = ctx;
  const b1: Segment = {
    name: 'b1',
    firstDay: TXN_START,
    lastDay: BATCH1_END,
    transactions: sizes.transactions,
    txnOffset: 0,
    itemOffset: 0,
    priceOf: (p) => products.priceCents[p]!,
  };
  if (batch === 1) return [b1];
  // the same daily rate as batch 1, over batch 2's five days
  const rate = sizes.transactions / weightOf(seed, TXN_START, BATCH1_END);
  const b2: Segment = {
    name: 'b2',
    firstDay: BATCH2_DATE,
    lastDay: BATCH2_END,
    transactions: Math.max(1, Math.round(rate * weightOf(seed, BATCH2_DATE, BATCH2_END))),
    txnOffset: sizes.transactions,
    itemOffset: new ItemCounts(seed, 'b1-items-per-txn').total(sizes.transactions),
    priceOf: (p) => products.newPrice.get(p)?.price ?? products.priceCents[p]!,
  };
  return [b1, b2];
}

/** Number of customers signed up on or before `day` (ids follow sign-up order). */
function signedUpBy(signupDay: Int32Array, day: number): number {
  let lo = 0;
  let hi = signupDay.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (signupDay[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function statusOf(rng: Rng, recent: boolean): string {
  return rng.weighted([
    ['completed', recent ? 65 : 88.5],
    ['pending', recent ? 25 : 1.5],
    ['cancelled', 5],
    ['refunded', recent ? 1 : 5],
  ] as const);
}

/** Streams one segment's transactions and items. */
export async function writeSegment(
  txOut: CsvWriter,
  itemOut: CsvWriter,
  ctx: TransactionContext,
  seg: Segment,
  tally: DefectTally,
  onRow: (table: 'transactions' | 'transaction_items', rows: number) => void,
): Promise<SegmentStats> {
  const { seed, sizes, customers, products } = ctx;
  const ids = sizes.ids;
  const itemCounts = new ItemCounts(seed, `${seg.name}-items-per-txn`);
  const totalItems = itemCounts.total(seg.transactions);
  const txnPlan = planDefects(
    rowRng(seed, `${seg.name}-txn-defects`),
    0,
    seg.transactions,
    ctx.defectRate,
    TABLE_DEFECTS.transactions,
  );
  const itemPlan = planDefects(
    rowRng(seed, `${seg.name}-item-defects`),
    0,
    totalItems,
    ctx.defectRate,
    TABLE_DEFECTS.transaction_items,
  );
  const perDay = apportion(seed, seg.firstDay, seg.lastDay, seg.transactions);
  const cutoff = (seg.lastDay + 1) * SECONDS_PER_DAY - 1;
  let t = 0;
  let item = 0;
  let minDate = '';
  let maxDate = '';

  for (let day = seg.firstDay; day <= seg.lastDay; day++) {
    const eligible = signedUpBy(customers.signupDay, day);
    const recent = day > seg.lastDay - 3;
    for (const time of timesOfDay(rowRng(seed, `${seg.name}-times`, day), perDay[day - seg.firstDay]!)) {
      const rng = rowRng(seed, `${seg.name}-txn`, t);
      const at = day * SECONDS_PER_DAY + time;
      const customer = Math.max(0, customers.popularity.draw(rng.next(), eligible));
      const payment = rng.weighted(PAYMENT_METHODS);
      const status = statusOf(rng, recent);
      const updatedAt =
        status === 'cancelled'
          ? Math.min(cutoff, at + rng.int(600, 2 * SECONDS_PER_DAY))
          : status === 'refunded'
            ? Math.min(cutoff, at + rng.int(2 * SECONDS_PER_DAY, 30 * SECONDS_PER_DAY))
            : at;
      const txnId = idOf(ids.transaction, seg.txnOffset + t);
      const row = [
        txnId,
        idOf(ids.customer, customer),
        formatTimestamp(at),
        payment,
        status,
        formatTimestamp(updatedAt),
      ];

      const kind = txnPlan.get(t);
      const bad = rowRng(seed, `${seg.name}-txn-defect`, t);
      if (kind === 'invalid_dates') row[2] = bad.pick(INVALID_DATES);
      else if (kind === 'future_dates') row[2] = formatTimestamp(futureTimestamp(bad, BATCH2_END));
      else if (kind === 'invalid_payment_methods') row[3] = bad.pick(INVALID_PAYMENT_METHODS);
      else if (kind === 'null_required') row[1] = NULL_KEY;
      else if (kind === 'orphan_foreign_keys') row[1] = orphanIdOf(ids.customer, bad);
      if (kind) tally.add('transactions', kind);
      if (kind !== 'invalid_dates' && kind !== 'future_dates') {
        if (minDate === '') minDate = row[2]!;
        maxDate = row[2]!;
      }
      const p1 = txOut.write(row);
      if (p1) await p1;
      onRow('transactions', txOut.rows);

      const picked: number[] = [];
      for (let k = itemCounts.of(t); k > 0; k--, item++) {
        const irng = rowRng(seed, `${seg.name}-item`, item);
        let product = products.popularity.draw(irng.next());
        for (let retry = 0; retry < 5 && picked.includes(product); retry++)
          product = products.popularity.draw(irng.next());
        picked.push(product);
        const amounts: ItemAmounts = {
          quantity: irng.weighted(QUANTITIES),
          unitCents: seg.priceOf(product),
          discountPoints: irng.chance(0.72) ? 0 : irng.pick(DISCOUNTS),
          lineCents: 0,
        };
        amounts.lineCents = lineTotalCents(amounts);
        const fields = { txn: txnId, product: idOf(ids.product, product) };

        const ikind = itemPlan.get(item);
        const ibad = rowRng(seed, `${seg.name}-item-defect`, item);
        if (ikind === 'null_required') fields.product = NULL_KEY;
        else if (ikind === 'orphan_foreign_keys') {
          if (orphanItemTarget(ibad) === 'transaction') fields.txn = orphanIdOf(ids.transaction, ibad);
          else fields.product = orphanIdOf(ids.product, ibad);
        } else if (ikind === 'wrong_line_totals') wrongLineTotal(amounts, ibad);
        else if (ikind === 'nonpositive_quantities') nonpositiveQuantity(amounts, ibad);
        else if (ikind === 'discount_out_of_range') discountOutOfRange(amounts, ibad);
        if (ikind) tally.add('transaction_items', ikind);

        const p2 = itemOut.write([
          idOf(ids.item, seg.itemOffset + item),
          fields.txn,
          fields.product,
          String(amounts.quantity),
          formatCents(amounts.unitCents),
          formatCents(amounts.discountPoints),
          formatCents(amounts.lineCents),
        ]);
        if (p2) await p2;
        onRow('transaction_items', itemOut.rows);
      }
      t++;
    }
  }
  return { transactions: t, items: item, minDate, maxDate };
}
