/** How each defect spoils a row, and how a checker recognises it: the injectors of defects.ts's kinds. */
import type { Rng } from './rng.js';
import { formatCents } from './format.js';

// ---------------------------------------------------------------- customers

export interface NameFields {
  first_name: string;
  last_name: string;
}

/**
 * unstandardized_names — first and/or last name lowercased, UPPERCASED, or
 * padded with stray spaces (leading, trailing, doubled). Recognised by a name
 * that is all-lowercase, all-uppercase, or not trimmed / has double spaces
 * (clean names are faker's Proper-case words without spaces).
 */
export function unstandardizeNames(row: NameFields, rng: Rng): void {
  const style = rng.int(0, 3);
  if (style === 0) {
    row.first_name = row.first_name.toLowerCase();
    row.last_name = row.last_name.toLowerCase();
  } else if (style === 1) {
    row.first_name = row.first_name.toUpperCase();
    row.last_name = row.last_name.toUpperCase();
  } else if (style === 2) {
    row.first_name = rng.chance(0.5) ? `  ${row.first_name}` : `${row.first_name} `;
    if (rng.chance(0.5)) row.last_name = ` ${row.last_name}  `;
  } else {
    row.first_name = row.first_name.toLowerCase();
    row.last_name = ` ${row.last_name.toUpperCase()}`;
  }
}

export interface ContactFields {
  email: string;
  phone: string;
  city: string;
}

/**
 * missing_fields — one or two of email, phone, city left empty. Recognised by
 * an empty email, phone or city (clean customers have all three).
 */
export function blankContactFields(row: ContactFields, rng: Rng): void {
  const fields = rng.shuffle(['email', 'phone', 'city'] as (keyof ContactFields)[]);
  const howMany = rng.chance(0.7) ? 1 : 2;
  for (const f of fields.slice(0, howMany)) row[f] = '';
}

/**
 * duplicate_customers — the same person registered again under a new id: the
 * original's name, phone and address, with the email re-cased or padded with
 * whitespace. The name is left as it was, so the row carries this one defect
 * only. Recognised by an email equal, after trim + lowercase, to an earlier
 * row's (clean emails are unique and lowercase).
 */
export function disguiseDuplicate(row: { email: string }, rng: Rng): void {
  const e = row.email;
  row.email = rng.pick([
    () => e.toUpperCase(),
    () => e.charAt(0).toUpperCase() + e.slice(1),
    () => ` ${e}`,
    () => `${e} `,
    () =>
      e.replace(/^[^@]+/, (local) =>
        local.replace(/(^|\.)([a-z])/g, (_m, dot: string, ch: string) => dot + ch.toUpperCase()),
      ),
  ])();
  if (row.email === e) row.email = ` ${e}`;
}

// ---------------------------------------------------------------- products

/**
 * invalid_prices — price negative (the real price negated), zero, or empty.
 * Recognised by a price that is empty or ≤ 0. Cost is left as it was.
 */
export function invalidPrice(priceCents: number, rng: Rng): string {
  return rng.pick([formatCents(-priceCents), '0.00', '']);
}

/**
 * cost_not_below_price — cost equal to the price or 5–60 % above it.
 * Recognised, among rows with a valid price, by cost ≥ price.
 */
export function costNotBelowPrice(priceCents: number, rng: Rng): number {
  return rng.chance(0.3) ? priceCents : Math.round(priceCents * (1.05 + rng.next() * 0.55));
}

/** missing_supplier_id — supplier_id empty. Recognised by an empty supplier_id. */
export const MISSING_SUPPLIER = '';

// ---------------------------------------------------------------- transactions

/**
 * invalid_dates — transaction_date that no parser accepts as a timestamp:
 * impossible months, days or hours, or plain junk. Recognised by a value that
 * is not a real `YYYY-MM-DD HH:MM:SS` calendar timestamp.
 */
export const INVALID_DATES: readonly string[] = [
  '2024-13-45',
  'not a date',
  '2023-02-30 12:00:00',
  '2024-06-31 08:15:00',
  '0000-00-00 00:00:00',
  '2023-11-15 25:61:00',
  '2024-00-10 10:10:10',
  'N/A',
];

/**
 * future_dates — a well-formed timestamp after the last batch's end
 * (2024-12-31): somewhere in 2025–2026, or the 2099-12-31 sentinel.
 * Recognised by a valid timestamp later than the batch's cut-off.
 */
export function futureTimestamp(rng: Rng, afterDay: number): number {
  if (rng.chance(0.1)) return Date.UTC(2099, 11, 31, 23, 59, 59) / 1000;
  const day = afterDay + 32 + rng.int(0, 700);
  return day * 86_400 + rng.int(0, 86_399);
}

/**
 * invalid_payment_methods — variant spellings of a canonical method (case,
 * spaces, hyphens, typos) and unmappable junk. Recognised by a value outside
 * credit_card, debit_card, paypal, bank_transfer, gift_card, cash_on_delivery.
 */
export const INVALID_PAYMENT_METHODS: readonly string[] = [
  'Credit Card ',
  'credit card',
  'CREDIT_CARD',
  'CreditCard', // → credit_card
  'debit-card',
  'Debit Card', // → debit_card
  'paypall',
  'PAYPAL',
  ' paypal',
  'Pay Pal', // → paypal
  'bank transfer',
  'Bank-Transfer', // → bank_transfer
  'giftcard',
  'Gift Card', // → gift_card
  'COD',
  'cash on delivery', // → cash_on_delivery
  'bitcoin??',
  'crypto',
  'n/a',
  '???', // unmappable
];

/**
 * null_required — a required key left empty: transactions.customer_id, or
 * transaction_items.product_id. Recognised by the empty key.
 */
export const NULL_KEY = '';

/**
 * orphan_foreign_keys — a well-formed key that points at nothing:
 * transactions.customer_id → no customer; transaction_items.transaction_id →
 * no transaction, or .product_id → no product (ids from the top of the id
 * range, above every real one). Recognised by a lookup in the parent file.
 */
export type OrphanTarget = 'transaction' | 'product';

export function orphanItemTarget(rng: Rng): OrphanTarget {
  return rng.chance(0.5) ? 'transaction' : 'product';
}

// ---------------------------------------------------------------- items

export interface ItemAmounts {
  quantity: number;
  unitCents: number;
  /** discount in percent points: 15 = 0.15 */
  discountPoints: number;
  lineCents: number;
}

/** quantity × unit_price × (1 − discount), in cents, rounded half away from zero. */
export function lineTotalCents(a: ItemAmounts): number {
  const exact = (a.quantity * a.unitCents * (100 - a.discountPoints)) / 100;
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

/**
 * nonpositive_quantities — quantity 0 or negative (−1 … −3); the line total
 * follows the bad quantity, so only this rule fires. Recognised by quantity ≤ 0.
 */
export function nonpositiveQuantity(a: ItemAmounts, rng: Rng): void {
  a.quantity = rng.chance(0.4) ? 0 : -rng.int(1, 3);
  a.lineCents = lineTotalCents(a);
}

/**
 * discount_out_of_range — discount below 0 or above 1 (−0.10 … 1.50); the
 * line total follows it. Recognised by discount < 0 or > 1.
 */
export function discountOutOfRange(a: ItemAmounts, rng: Rng): void {
  a.discountPoints = rng.pick([-20, -10, -5, 105, 110, 120, 150]);
  a.lineCents = lineTotalCents(a);
}

/**
 * wrong_line_totals — line_total that is not quantity × unit_price ×
 * (1 − discount): discount forgotten, quantity forgotten, doubled, or off by
 * 1–50. Always at least 0.50 away. Recognised by |line_total − recomputed| > 0.006.
 */
export function wrongLineTotal(a: ItemAmounts, rng: Rng): void {
  const right = lineTotalCents(a);
  const candidates = [
    a.quantity * a.unitCents, // discount forgotten
    lineTotalCents({ ...a, quantity: 1 }), // quantity forgotten
    right * 2,
    right + (rng.chance(0.5) ? 1 : -1) * rng.int(100, 5000),
  ];
  let wrong = rng.pick(candidates);
  if (Math.abs(wrong - right) < 50) wrong = right + rng.int(100, 5000);
  a.lineCents = wrong;
}
