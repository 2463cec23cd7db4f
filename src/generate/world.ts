/**
 * The fixed frame of the generated world: its calendar, its sizes at a given
 * scale, and how ids are spelled. Both batches share it, so batch 2 is the
 * next state of exactly the same world.
 */
import { dayOf, digits, formatId } from './format.js';
import type { Rng } from './rng.js';

/** The calendar both batches share, as ISO dates. */
export const BATCH_DATES = {
  /** customers sign up from this day on (ids are given in sign-up order) */
  signupStart: '2022-01-01',
  /** first day with transactions */
  transactionsStart: '2023-01-01',
  /** last day of batch 1 (the doc's SCD2 end_date) */
  batch1End: '2024-12-26',
  /** batch 2 is extracted on this day: changed rows carry it as updated_at */
  batch2Date: '2024-12-27',
  /** last day of batch 2 */
  batch2End: '2024-12-31',
} as const;

export const SIGNUP_START = dayOf(BATCH_DATES.signupStart);
export const TXN_START = dayOf(BATCH_DATES.transactionsStart);
export const BATCH1_END = dayOf(BATCH_DATES.batch1End);
export const BATCH2_DATE = dayOf(BATCH_DATES.batch2Date);
export const BATCH2_END = dayOf(BATCH_DATES.batch2End);

/** Canonical payment methods with their share of clean transactions. */
export const PAYMENT_METHODS: readonly (readonly [string, number])[] = [
  ['credit_card', 40],
  ['debit_card', 20],
  ['paypal', 19],
  ['bank_transfer', 7],
  ['gift_card', 5],
  ['cash_on_delivery', 9],
];

export const COUNTRY = 'United States';

export interface IdSpace {
  prefix: string;
  width: number;
  /** Highest number a real row can have (in either batch). */
  maxReal: number;
}

export interface Sizes {
  customers: number;
  /** New sign-ups that only exist in batch 2. */
  newCustomers: number;
  products: number;
  transactions: number;
  suppliers: number;
  ids: {
    customer: IdSpace;
    product: IdSpace;
    transaction: IdSpace;
    item: IdSpace;
    supplier: IdSpace;
  };
}

function idSpace(prefix: string, minWidth: number, maxReal: number): IdSpace {
  // twice the real range fits in the width, so orphan ids (taken from the top
  // of the range) can never collide with a real one
  return { prefix, width: Math.max(minWidth, digits(2 * maxReal + 1000)), maxReal };
}

/** Sizes at a scale: scale 1 = 1,000 / 500 / 10,000 / 30,000. */
export function sizesFor(scale: number): Sizes {
  const customers = Math.max(1, Math.round(1000 * scale));
  const products = Math.max(1, Math.round(500 * scale));
  const transactions = Math.max(1, Math.round(10_000 * scale));
  const newCustomers = Math.max(1, Math.round(customers * 0.01));
  const suppliers = Math.max(10, Math.round(50 * scale));
  // batch 2 adds < 3 % transactions; allow 10 % for their ids
  const maxTxn = Math.ceil(transactions * 1.1) + 10;
  return {
    customers,
    newCustomers,
    products,
    transactions,
    suppliers,
    ids: {
      customer: idSpace('CUST', 4, customers + newCustomers),
      product: idSpace('PROD', 4, products),
      transaction: idSpace('TXN', 6, maxTxn),
      item: idSpace('ITEM', 7, maxTxn * 5),
      supplier: { prefix: 'SUP', width: Math.max(3, digits(suppliers)), maxReal: suppliers },
    },
  };
}

/** The id of the n-th row (0-based): customerId 0 = CUST0001. */
export function idOf(space: IdSpace, index: number): string {
  return formatId(space.prefix, index + 1, space.width);
}

/** An id well-formed but above every real one: the target of an orphan foreign key. */
export function orphanIdOf(space: IdSpace, rng: Rng): string {
  const top = 10 ** space.width - 1;
  const room = Math.min(999, top - space.maxReal - 1);
  return formatId(space.prefix, top - rng.int(0, room), space.width);
}

/** Real US cities with their state, roughly weighted by population. */
export const CITIES: readonly (readonly [string, string, number])[] = [
  ['New York', 'NY', 84],
  ['Los Angeles', 'CA', 39],
  ['Chicago', 'IL', 27],
  ['Houston', 'TX', 23],
  ['Phoenix', 'AZ', 16],
  ['Philadelphia', 'PA', 16],
  ['San Antonio', 'TX', 15],
  ['San Diego', 'CA', 14],
  ['Dallas', 'TX', 13],
  ['Austin', 'TX', 10],
  ['Jacksonville', 'FL', 10],
  ['San Jose', 'CA', 10],
  ['Fort Worth', 'TX', 9],
  ['Columbus', 'OH', 9],
  ['Charlotte', 'NC', 9],
  ['Indianapolis', 'IN', 9],
  ['San Francisco', 'CA', 8],
  ['Seattle', 'WA', 8],
  ['Denver', 'CO', 7],
  ['Washington', 'DC', 7],
  ['Boston', 'MA', 7],
  ['Nashville', 'TN', 7],
  ['Detroit', 'MI', 6],
  ['Portland', 'OR', 6],
  ['Las Vegas', 'NV', 6],
  ['Memphis', 'TN', 6],
  ['Louisville', 'KY', 6],
  ['Baltimore', 'MD', 6],
  ['Milwaukee', 'WI', 6],
  ['Albuquerque', 'NM', 6],
  ['Atlanta', 'GA', 5],
  ['Miami', 'FL', 4],
  ['Minneapolis', 'MN', 4],
  ['Tampa', 'FL', 4],
  ['New Orleans', 'LA', 4],
  ['Cleveland', 'OH', 4],
  ['Pittsburgh', 'PA', 3],
  ['St. Louis', 'MO', 3],
  ['Salt Lake City', 'UT', 2],
  ['Boise', 'ID', 2],
];

export const CANONICAL_PAYMENT_METHODS: readonly string[] = PAYMENT_METHODS.map(([m]) => m);
