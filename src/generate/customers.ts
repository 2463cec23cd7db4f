/**
 * Customers: who they are (faker, seeded per row), when they signed up (ids
 * follow sign-up order), how popular they are (Zipf), their defects, and what
 * batch 2 changes about them.
 */
import type { Faker } from '@faker-js/faker';
import { CumulativeWeights, deriveSeed, pickAvoiding, rowRng, zipfWeights } from './rng.js';
import type { CsvWriter } from './csv.js';
import type { DefectKind, DefectTally } from './defects.js';
import { TABLE_DEFECTS, planDefects } from './defects.js';
import { blankContactFields, disguiseDuplicate, unstandardizeNames } from './defect-injectors.js';
import { SECONDS_PER_DAY, formatDay, formatTimestamp } from './format.js';
import type { Sizes } from './world.js';
import { BATCH1_END, BATCH2_DATE, BATCH2_END, CITIES, COUNTRY, SIGNUP_START, TXN_START, idOf } from './world.js';

export const CUSTOMER_COLUMNS = [
  'customer_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'state',
  'country',
  'signup_date',
  'updated_at',
] as const;

export interface CustomerRow {
  customer_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  state: string;
  country: string;
  signup_date: string;
  updated_at: string;
}

export type CustomerChange = 'moved' | 'email';

export interface CustomerWorld {
  /** customers in batch 1 */
  count: number;
  /** plus the sign-ups that only batch 2 sees */
  total: number;
  signupDay: Int32Array;
  /** transaction popularity; zero for duplicates and for customers batch 2 deletes */
  popularity: CumulativeWeights;
  plan: ReadonlyMap<number, DefectKind>;
  /** duplicate row → the row of the person it repeats */
  duplicateOf: ReadonlyMap<number, number>;
  deleted: ReadonlySet<number>;
  changed: ReadonlyMap<number, CustomerChange>;
}

const EMAIL_PROVIDERS = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'proton.me'];

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '') || 'user';
}

const CITY_CHOICES = CITIES.map(([c, s, w]) => [[c, s], w] as const);

function signupDayOf(i: number, count: number, newCount: number): number {
  // sign-ups of batch 2 spread over its five days
  if (i >= count) return BATCH2_DATE + Math.floor(((i - count) * (BATCH2_END - BATCH2_DATE + 1)) / newCount);
  const f = i / count;
  if (f < 0.4) return SIGNUP_START + Math.floor((f / 0.4) * (TXN_START - SIGNUP_START));
  return TXN_START + Math.floor(((f - 0.4) / 0.6) * (BATCH1_END - TXN_START + 1));
}

export function buildCustomerWorld(seed: number, sizes: Sizes, defectRate: number): CustomerWorld {
  const count = sizes.customers;
  const total = count + sizes.newCustomers;
  const signupDay = new Int32Array(total);
  for (let i = 0; i < total; i++) signupDay[i] = signupDayOf(i, count, sizes.newCustomers);

  // CUST0001 (John of the SCD2 example) stays clean: defects start at row 1
  const plan = new Map(planDefects(rowRng(seed, 'customer-defects'), 1, count, defectRate, TABLE_DEFECTS.customers));
  const duplicateOf = new Map<number, number>();
  const pairRng = rowRng(seed, 'customer-duplicates');
  const planned = [...plan.keys()]; // ascending
  for (const [n, i] of planned.entries()) {
    if (plan.get(i) !== 'duplicate_customers') continue;
    const [j] = pickAvoiding(pairRng, 1, i, 1, (k) => plan.has(k));
    if (j !== undefined) {
      duplicateOf.set(i, j);
      continue;
    }
    // no clean earlier row to repeat: trade kinds with a later planned row (counts stay exact)
    const later = planned.slice(n + 1).find((k) => plan.get(k) !== 'duplicate_customers');
    if (later === undefined) plan.delete(i);
    else {
      plan.set(i, plan.get(later)!);
      plan.set(later, 'duplicate_customers');
    }
  }
  const originals = new Set(duplicateOf.values());
  const untouchable = (i: number): boolean => i === 0 || plan.has(i) || originals.has(i);

  // batch 2 deletes a few customers that never bought anything (weight 0 below),
  // so no transaction is left pointing at them
  const deletedList = pickAvoiding(
    rowRng(seed, 'customer-deleted'),
    1,
    count,
    Math.max(1, Math.round(count * 0.005)),
    untouchable,
  );
  const deleted = new Set(deletedList);
  const changed = new Map<number, CustomerChange>([[0, 'moved']]);
  const changeRng = rowRng(seed, 'customer-changed');
  for (const i of pickAvoiding(
    changeRng,
    1,
    count,
    Math.round(count * 0.05) - 1,
    (k) => untouchable(k) || deleted.has(k),
  )) {
    changed.set(i, changeRng.chance(0.6) ? 'moved' : 'email');
  }

  const weights = zipfWeights(rowRng(seed, 'customer-popularity'), total, 0.7);
  for (const i of duplicateOf.keys()) weights[i] = 0;
  for (const i of deleted) weights[i] = 0;
  return {
    count,
    total,
    signupDay,
    popularity: new CumulativeWeights(weights),
    plan,
    duplicateOf,
    deleted,
    changed: new Map([...changed].sort((a, b) => a[0] - b[0])),
  };
}

/** The clean row of customer i: a pure function of (seed, i). */
function cleanCustomer(faker: Faker, seed: number, sizes: Sizes, world: CustomerWorld, i: number): CustomerRow {
  faker.seed(deriveSeed(seed, 'customer', i));
  const rng = rowRng(seed, 'customer-attrs', i);
  const first = i === 0 ? 'John' : faker.person.firstName();
  const last = faker.person.lastName();
  const provider = faker.datatype.boolean(0.85)
    ? faker.helpers.arrayElement(EMAIL_PROVIDERS)
    : faker.internet.domainName();
  const [city, state] = i === 0 ? ['New York', 'NY'] : rng.weighted(CITY_CHOICES);
  const day = world.signupDay[i]!;
  const signedUpAt = day * SECONDS_PER_DAY + rng.int(0, SECONDS_PER_DAY - 1);
  const lastDay = i >= world.count ? BATCH2_END : BATCH1_END;
  const updatedAt =
    i === 0
      ? TXN_START * SECONDS_PER_DAY // the doc's effective_date, 2023-01-01
      : rng.chance(0.6)
        ? signedUpAt
        : rng.int(signedUpAt, (lastDay + 1) * SECONDS_PER_DAY - 1);
  return {
    customer_id: idOf(sizes.ids.customer, i),
    first_name: first,
    last_name: last,
    // the id in the local part keeps clean emails unique (a letter always precedes it)
    email: `${slug(first)}.${slug(last)}${i + 1}@${provider}`,
    phone: faker.phone.number({ style: 'national' }),
    address: faker.location.streetAddress(),
    city,
    state,
    country: COUNTRY,
    signup_date: formatDay(day),
    updated_at: formatTimestamp(updatedAt),
  };
}

/** Customer i as batch 1 has it, defects included. */
export function batch1Customer(
  faker: Faker,
  seed: number,
  sizes: Sizes,
  world: CustomerWorld,
  i: number,
  tally?: DefectTally,
): CustomerRow {
  const original = world.duplicateOf.get(i);
  if (original !== undefined) {
    const own = cleanCustomer(faker, seed, sizes, world, i);
    const twin = cleanCustomer(faker, seed, sizes, world, original);
    const row: CustomerRow = {
      ...twin,
      customer_id: own.customer_id,
      signup_date: own.signup_date,
      updated_at: own.updated_at,
    };
    disguiseDuplicate(row, rowRng(seed, 'customer-defect', i));
    tally?.add('customers', 'duplicate_customers');
    return row;
  }
  const row = cleanCustomer(faker, seed, sizes, world, i);
  const kind = world.plan.get(i);
  const rng = rowRng(seed, 'customer-defect', i);
  if (kind === 'unstandardized_names') unstandardizeNames(row, rng);
  else if (kind === 'missing_fields') blankContactFields(row, rng);
  if (kind) tally?.add('customers', kind);
  return row;
}

/** Batch 2's version of a changed customer: moved (new address, city, state) or a new email. */
function applyChange(faker: Faker, seed: number, row: CustomerRow, i: number, change: CustomerChange): void {
  faker.seed(deriveSeed(seed, 'customer-change', i));
  const rng = rowRng(seed, 'customer-change', i);
  const at = BATCH2_DATE * SECONDS_PER_DAY + (i === 0 ? 0 : rng.int(0, SECONDS_PER_DAY - 1));
  row.updated_at = formatTimestamp(at);
  if (change === 'moved') {
    const others = CITIES.filter(([c]) => c !== row.city);
    const [city, state] =
      i === 0 ? ['Los Angeles', 'CA'] : rng.weighted(others.map(([c, s, w]) => [[c, s], w] as const));
    row.city = city;
    row.state = state;
    row.address = faker.location.streetAddress();
  } else {
    // a dot before the digits: never equal to a batch-1 email (letters precede the digits there)
    const provider = faker.helpers.arrayElement(EMAIL_PROVIDERS);
    row.email = `${slug(row.first_name)}${slug(row.last_name)}.${i + 1}@${provider}`;
  }
}

export interface CustomerStats {
  rows: number;
  minSignup: string;
  maxSignup: string;
}

/** Streams customers.csv for a batch. */
export async function writeCustomers(
  out: CsvWriter,
  faker: Faker,
  seed: number,
  sizes: Sizes,
  world: CustomerWorld,
  batch: 1 | 2,
  tally: DefectTally,
  onRow: (rows: number) => void,
): Promise<CustomerStats> {
  let minSignup = '';
  let maxSignup = '';
  const last = batch === 2 ? world.total : world.count;
  for (let i = 0; i < last; i++) {
    if (batch === 2 && world.deleted.has(i)) continue;
    const row = batch1Customer(faker, seed, sizes, world, i, tally);
    const change = batch === 2 ? world.changed.get(i) : undefined;
    if (change) applyChange(faker, seed, row, i, change);
    if (minSignup === '' || row.signup_date < minSignup) minSignup = row.signup_date;
    if (row.signup_date > maxSignup) maxSignup = row.signup_date;
    const pending = out.write(CUSTOMER_COLUMNS.map((c) => row[c]));
    if (pending) await pending;
    onRow(out.rows);
  }
  return { rows: out.rows, minSignup, maxSignup };
}
