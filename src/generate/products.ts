/**
 * Products: a category and kind, a product-line name, a faker-made brand, a price in the
 * kind's range with a cost below it, a supplier; price-damped Zipf popularity
 * for the line items; defects; and the price changes and deletions of batch 2.
 */
import type { Faker } from '@faker-js/faker';
import { CATEGORIES, PRODUCT_LINES } from './catalogue.js';
import { CumulativeWeights, deriveSeed, pickAvoiding, rowRng, zipfWeights } from './rng.js';
import type { CsvWriter } from './csv.js';
import type { DefectKind, DefectTally } from './defects.js';
import { TABLE_DEFECTS, planDefects } from './defects.js';
import { MISSING_SUPPLIER, costNotBelowPrice, invalidPrice } from './defect-injectors.js';
import { SECONDS_PER_DAY, formatCents, formatTimestamp } from './format.js';
import type { Sizes } from './world.js';
import { BATCH1_END, BATCH2_DATE, SIGNUP_START, idOf } from './world.js';

export const PRODUCT_COLUMNS = [
  'product_id',
  'product_name',
  'category',
  'brand',
  'price',
  'cost',
  'supplier_id',
  'updated_at',
] as const;

const CATEGORY_CHOICES = CATEGORIES.map((c, i) => [i, c.weight] as const);
const BRANDS_PER_CATEGORY = 8;

export interface ProductWorld {
  count: number;
  /** true price of every product in batch 1, in cents (what line items charge) */
  priceCents: Int32Array;
  costCents: Int32Array;
  /** batch 2's new prices for the products that change */
  newPrice: ReadonlyMap<number, { price: number; cost: number }>;
  popularity: CumulativeWeights;
  plan: ReadonlyMap<number, DefectKind>;
  deleted: ReadonlySet<number>;
  brands: readonly (readonly string[])[];
}

function priceOf(seed: number, i: number): { category: number; kind: number; price: number; cost: number } {
  const rng = rowRng(seed, 'product-attrs', i);
  const category = rng.weighted(CATEGORY_CHOICES);
  const kinds = CATEGORIES[category]!.kinds;
  const kind = rng.int(0, kinds.length - 1);
  const { min, max } = kinds[kind]!;
  const dollars = Math.floor(Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min))));
  const cents = rng.weighted([
    [99, 70],
    [49, 10],
    [95, 10],
    [0, 10],
  ] as const);
  const price = Math.max(99, dollars * 100 + cents - (cents === 0 ? 0 : 100));
  const cost = Math.min(price - 1, Math.max(1, Math.round(price * (0.4 + rng.next() * 0.4))));
  return { category, kind, price, cost };
}

/** The most a single product's expected share of revenue may be: a shop, not one best-seller. */
export const MAX_REVENUE_SHARE = 0.05;

/**
 * Sales weights: Zipf popularity, damped by price (a $500 chair sells less often than a $5 pen),
 * then capped so that no product's expected share of revenue (weight × price) exceeds
 * MAX_REVENUE_SHARE. Deleted products are never bought.
 */
export function salesWeights(zipf: Float64Array, priceCents: Int32Array, deleted: ReadonlySet<number>): Float64Array {
  const w = new Float64Array(zipf.length);
  for (let i = 0; i < w.length; i++) w[i] = deleted.has(i) ? 0 : zipf[i]! / Math.sqrt(priceCents[i]! / 100);
  for (let round = 0; round < 20; round++) {
    let revenue = 0;
    for (let i = 0; i < w.length; i++) revenue += w[i]! * priceCents[i]!;
    const cap = revenue * MAX_REVENUE_SHARE;
    let capped = false;
    for (let i = 0; i < w.length; i++) {
      if (w[i]! * priceCents[i]! > cap * 1.0001) {
        w[i] = cap / priceCents[i]!;
        capped = true;
      }
    }
    if (!capped) break;
  }
  return w;
}

export function buildProductWorld(seed: number, sizes: Sizes, defectRate: number, faker: Faker): ProductWorld {
  const count = sizes.products;
  const priceCents = new Int32Array(count);
  const costCents = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const p = priceOf(seed, i);
    priceCents[i] = p.price;
    costCents[i] = p.cost;
  }
  const plan = planDefects(rowRng(seed, 'product-defects'), 0, count, defectRate, TABLE_DEFECTS.products);
  // batch 2 deletes a few clean products nobody ever bought (weight 0 below)
  const deleted = new Set(
    pickAvoiding(rowRng(seed, 'product-deleted'), 0, count, Math.max(1, Math.round(count * 0.005)), (k) => plan.has(k)),
  );
  const newPrice = new Map<number, { price: number; cost: number }>();
  const changeRng = rowRng(seed, 'product-changed');
  for (const i of pickAvoiding(changeRng, 0, count, Math.round(count * 0.05), (k) => plan.has(k) || deleted.has(k))) {
    const old = priceCents[i]!;
    const factor = changeRng.chance(0.65) ? 1.05 + changeRng.next() * 0.2 : 0.75 + changeRng.next() * 0.2;
    let price = Math.max(99, Math.round((old * factor) / 100) * 100 - 1);
    if (price === old) price += 100;
    const cost = Math.min(price - 1, Math.round((costCents[i]! * price) / old));
    newPrice.set(i, { price, cost });
  }
  const weights = salesWeights(zipfWeights(rowRng(seed, 'product-popularity'), count, 0.9), priceCents, deleted);
  const brands = CATEGORIES.map((_, c) => {
    faker.seed(deriveSeed(seed, 'brands', c));
    return Array.from({ length: BRANDS_PER_CATEGORY }, () => faker.company.name());
  });
  return { count, priceCents, costCents, newPrice, popularity: new CumulativeWeights(weights), plan, deleted, brands };
}

/** Streams products.csv for a batch. */
export async function writeProducts(
  out: CsvWriter,
  seed: number,
  sizes: Sizes,
  world: ProductWorld,
  batch: 1 | 2,
  tally: DefectTally,
  onRow: (rows: number) => void,
): Promise<number> {
  for (let i = 0; i < world.count; i++) {
    if (batch === 2 && world.deleted.has(i)) continue;
    const { category, kind: kindIndex } = priceOf(seed, i);
    const c = CATEGORIES[category]!;
    const rng = rowRng(seed, 'product-more', i);
    const name = `${rng.pick(PRODUCT_LINES)} ${c.kinds[kindIndex]!.noun}`;
    const brand = rng.pick(world.brands[category]!);
    const supplier = idOf(sizes.ids.supplier, rng.int(0, sizes.suppliers - 1));
    const updatedDay = rng.int(SIGNUP_START, BATCH1_END);
    let updatedAt = updatedDay * SECONDS_PER_DAY + rng.int(0, SECONDS_PER_DAY - 1);
    let price = world.priceCents[i]!;
    let cost = world.costCents[i]!;
    const change = batch === 2 ? world.newPrice.get(i) : undefined;
    if (change) {
      ({ price, cost } = change);
      updatedAt = BATCH2_DATE * SECONDS_PER_DAY + rowRng(seed, 'product-change', i).int(0, SECONDS_PER_DAY - 1);
    }
    let priceText = formatCents(price);
    let supplierText = supplier;
    const kind = world.plan.get(i);
    const defectRng = rowRng(seed, 'product-defect', i);
    if (kind === 'invalid_prices') priceText = invalidPrice(price, defectRng);
    else if (kind === 'cost_not_below_price') cost = costNotBelowPrice(price, defectRng);
    else if (kind === 'missing_supplier_id') supplierText = MISSING_SUPPLIER;
    if (kind) tally.add('products', kind);
    const pending = out.write([
      idOf(sizes.ids.product, i),
      name,
      c.name,
      brand,
      priceText,
      formatCents(cost),
      supplierText,
      formatTimestamp(updatedAt),
    ]);
    if (pending) await pending;
    onRow(out.rows);
  }
  return out.rows;
}
