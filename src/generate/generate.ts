/**
 * Orchestration: validate the options, build the shared world, stream the
 * four tables, write the metadata. The world (sizes, popularity, defect
 * plans, batch-2 changes) is compact typed arrays and small maps; rows are
 * produced one at a time and never held.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Faker, en, en_US } from '@faker-js/faker';
import { TsmodelError } from '../errors/index.js';
import { CsvWriter } from './csv.js';
import { DefectTally } from './defects.js';
import type { DefectKind, TableName } from './defects.js';
import { CUSTOMER_COLUMNS, buildCustomerWorld, writeCustomers } from './customers.js';
import { PRODUCT_COLUMNS, buildProductWorld, writeProducts } from './products.js';
import { ITEM_COLUMNS, TRANSACTION_COLUMNS, segmentsFor, writeSegment } from './transactions.js';
import type { TransactionContext } from './transactions.js';
import { formatDay } from './format.js';
import { BATCH1_END, BATCH2_END, idOf, sizesFor } from './world.js';

export interface GenerateOptions {
  /** folder the CSV files and `_generation_metadata.json` are written to (created if missing) */
  outDir: string;
  /** size multiplier: 1 = 1,000 customers, 500 products, 10,000 transactions, 30,000 items */
  scale?: number;
  /** same seed, same options → byte-identical files */
  seed?: number;
  /** 1 = the world as of 2024-12-26; 2 = its next state as of 2024-12-31 */
  batch?: 1 | 2;
  /** share of each table's rows given one deliberate defect (0 = clean data) */
  defectRate?: number;
}

export interface BatchChanges {
  /** customers whose city (and address) or email changed, updated_at = batch-2 date */
  changedCustomers: number;
  movedCustomers: number;
  emailChangedCustomers: number;
  /** products whose price (and cost) changed */
  changedProducts: number;
  newCustomers: number;
  newTransactions: number;
  newTransactionItems: number;
  deletedCustomers: number;
  deletedProducts: number;
  /** ids absent from this batch's files that batch 1 had */
  deletedIds: { customers: string[]; products: string[] };
}

export interface GenerationMetadata {
  generator: 'tsmodel-generate';
  version: 1;
  seed: number;
  scale: number;
  batch: 1 | 2;
  defectRate: number;
  /** derived from the seed and the batch, never the wall clock */
  generatedAt: string;
  /** last day the batch covers */
  cutoffDate: string;
  counts: { customers: number; products: number; transactions: number; transaction_items: number };
  /** ranges of the clean values (defective dates are left out) */
  dateRanges: {
    transactions: { min: string; max: string };
    signup: { min: string; max: string };
  };
  /** exactly how many rows of each kind were injected, all tables together */
  defects: Record<DefectKind, number>;
  defectsByTable: Record<TableName, Partial<Record<DefectKind, number>>>;
  /** what batch 2 changed relative to batch 1 (null for batch 1) */
  changes: BatchChanges | null;
}

export type ProgressListener = (table: string, rows: number) => void;

const PROGRESS_EVERY = 10_000;

function validate(opts: GenerateOptions): Required<GenerateOptions> {
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? 42;
  const batch = opts.batch ?? 1;
  const defectRate = opts.defectRate ?? 0.03;
  const fail = (message: string, hint: string): never => {
    throw new TsmodelError('usage', message, { hint });
  };
  if (!opts.outDir) fail('generate needs an output folder', 'pass outDir, e.g. "seeds"');
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000)
    fail(`invalid scale ${scale}`, 'use a number above 0, e.g. 1 or 10');
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
    fail(`invalid seed ${seed}`, 'use an integer from 0 to 4294967295');
  if (batch !== 1 && batch !== 2) fail(`invalid batch ${String(batch)}`, 'batch is 1 or 2');
  if (!Number.isFinite(defectRate) || defectRate < 0 || defectRate > 0.5)
    fail(`invalid defect rate ${defectRate}`, 'use a share from 0 to 0.5, e.g. 0.03');
  return { outDir: opts.outDir, scale, seed, batch, defectRate };
}

/** A fixed instant derived from the seed: the extract ran at the end of the batch's last day plus seed-dependent minutes. */
function generatedAtFor(seed: number, batch: 1 | 2): string {
  const day = batch === 1 ? BATCH1_END + 1 : BATCH2_END + 1;
  return new Date(day * 86_400_000 + (seed % 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function throttled(onProgress: ProgressListener | undefined, table: string): (rows: number) => void {
  if (!onProgress) return () => undefined;
  return (rows) => {
    if (rows % PROGRESS_EVERY === 0) onProgress(table, rows);
  };
}

export async function generate(options: GenerateOptions, onProgress?: ProgressListener): Promise<GenerationMetadata> {
  const { outDir, scale, seed, batch, defectRate } = validate(options);
  await mkdir(outDir, { recursive: true });
  const faker = new Faker({ locale: [en_US, en] });
  faker.seed(seed);
  faker.setDefaultRefDate(new Date('2025-01-01T00:00:00.000Z'));

  const sizes = sizesFor(scale);
  const customers = buildCustomerWorld(seed, sizes, defectRate);
  const products = buildProductWorld(seed, sizes, defectRate, faker);
  const tally = new DefectTally();
  const writers: CsvWriter[] = [];
  const open = (name: string, header: readonly string[]): CsvWriter => {
    const w = new CsvWriter(join(outDir, name), header);
    writers.push(w);
    return w;
  };

  try {
    const custOut = open('customers.csv', CUSTOMER_COLUMNS);
    const cust = await writeCustomers(
      custOut,
      faker,
      seed,
      sizes,
      customers,
      batch,
      tally,
      throttled(onProgress, 'customers'),
    );
    await custOut.close();
    onProgress?.('customers', cust.rows);

    const prodOut = open('products.csv', PRODUCT_COLUMNS);
    const productRows = await writeProducts(
      prodOut,
      seed,
      sizes,
      products,
      batch,
      tally,
      throttled(onProgress, 'products'),
    );
    await prodOut.close();
    onProgress?.('products', productRows);

    const txOut = open('transactions.csv', TRANSACTION_COLUMNS);
    const itemOut = open('transaction_items.csv', ITEM_COLUMNS);
    const ctx: TransactionContext = { seed, defectRate, sizes, customers, products };
    const txProgress = throttled(onProgress, 'transactions');
    const itemProgress = throttled(onProgress, 'transaction_items');
    const segments = segmentsFor(ctx, batch);
    const stats = [];
    for (const seg of segments) {
      stats.push(
        await writeSegment(txOut, itemOut, ctx, seg, tally, (table, rows) =>
          table === 'transactions' ? txProgress(rows) : itemProgress(rows),
        ),
      );
    }
    await Promise.all([txOut.close(), itemOut.close()]);
    onProgress?.('transactions', txOut.rows);
    onProgress?.('transaction_items', itemOut.rows);

    const last = stats[stats.length - 1]!;
    const metadata: GenerationMetadata = {
      generator: 'tsmodel-generate',
      version: 1,
      seed,
      scale,
      batch,
      defectRate,
      generatedAt: generatedAtFor(seed, batch),
      cutoffDate: formatDay(batch === 1 ? BATCH1_END : BATCH2_END),
      counts: {
        customers: cust.rows,
        products: productRows,
        transactions: txOut.rows,
        transaction_items: itemOut.rows,
      },
      dateRanges: {
        transactions: { min: stats[0]!.minDate, max: last.maxDate },
        signup: { min: cust.minSignup, max: cust.maxSignup },
      },
      defects: tally.totals(),
      defectsByTable: tally.perTable(),
      changes: null,
    };
    if (batch === 2) {
      const moved = [...customers.changed.values()].filter((c) => c === 'moved').length;
      metadata.changes = {
        changedCustomers: customers.changed.size,
        movedCustomers: moved,
        emailChangedCustomers: customers.changed.size - moved,
        changedProducts: products.newPrice.size,
        newCustomers: sizes.newCustomers,
        newTransactions: last.transactions,
        newTransactionItems: last.items,
        deletedCustomers: customers.deleted.size,
        deletedProducts: products.deleted.size,
        deletedIds: {
          customers: [...customers.deleted].map((i) => idOf(sizes.ids.customer, i)),
          products: [...products.deleted].map((i) => idOf(sizes.ids.product, i)),
        },
      };
    }
    await writeFile(join(outDir, '_generation_metadata.json'), JSON.stringify(metadata, null, 2) + '\n', 'utf8');
    return metadata;
  } catch (err) {
    for (const w of writers) w.destroy();
    throw err;
  }
}
