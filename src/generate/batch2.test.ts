import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from './index.js';
import type { GenerationMetadata } from './index.js';
import { census, isValidTimestamp, readTable } from './census.js';
import type { Table } from './census.js';
import { removeDir, tempDir } from './test-support/files.js';

type Tables = Record<'customers' | 'products' | 'transactions' | 'transaction_items', Table>;

async function readAll(dir: string): Promise<Tables> {
  const names = ['customers', 'products', 'transactions', 'transaction_items'] as const;
  const tables = await Promise.all(names.map((t) => readTable(dir, t)));
  return Object.fromEntries(names.map((n, i) => [n, tables[i]!])) as Tables;
}

const byId = (rows: Table, key: string): Map<string, Record<string, string>> => new Map(rows.map((r) => [r[key]!, r]));

describe('generate, batch 2 (the next state of the same world)', () => {
  let dir1 = '';
  let dir2 = '';
  let meta1: GenerationMetadata;
  let meta2: GenerationMetadata;
  let b1: Tables;
  let b2: Tables;

  beforeAll(async () => {
    dir1 = await tempDir('b1');
    dir2 = await tempDir('b2');
    meta1 = await generate({ outDir: dir1, seed: 42, batch: 1 });
    meta2 = await generate({ outDir: dir2, seed: 42, batch: 2 });
    [b1, b2] = await Promise.all([readAll(dir1), readAll(dir2)]);
  });
  afterAll(async () => {
    await removeDir(dir1);
    await removeDir(dir2);
  });

  it('moves John (CUST0001) from New York to Los Angeles with a later updated_at', () => {
    const before = byId(b1.customers, 'customer_id').get('CUST0001')!;
    const after = byId(b2.customers, 'customer_id').get('CUST0001')!;
    expect(before).toMatchObject({
      first_name: 'John',
      city: 'New York',
      state: 'NY',
      updated_at: '2023-01-01 00:00:00',
    });
    expect(after).toMatchObject({
      first_name: 'John',
      last_name: before.last_name,
      city: 'Los Angeles',
      state: 'CA',
      updated_at: '2024-12-27 00:00:00',
    });
    expect(after.updated_at! > before.updated_at!).toBe(true);
  });

  it('changes about 5 % of customers and products, each with updated_at on the batch-2 date', () => {
    const changes = meta2.changes!;
    expect(meta2.batch).toBe(2);
    expect(meta2.cutoffDate).toBe('2024-12-31');
    const old = byId(b1.customers, 'customer_id');
    const changed = b2.customers.filter(
      (c) => old.has(c.customer_id!) && JSON.stringify(c) !== JSON.stringify(old.get(c.customer_id!)),
    );
    expect(changed).toHaveLength(changes.changedCustomers);
    expect(changes.changedCustomers).toBe(50);
    expect(changes.movedCustomers + changes.emailChangedCustomers).toBe(50);
    for (const c of changed) {
      expect(c.updated_at!.startsWith('2024-12-27')).toBe(true);
      const o = old.get(c.customer_id!)!;
      expect(c.city !== o.city || c.email !== o.email).toBe(true);
    }
    const oldProducts = byId(b1.products, 'product_id');
    const repriced = b2.products.filter((p) => JSON.stringify(p) !== JSON.stringify(oldProducts.get(p.product_id!)));
    expect(repriced).toHaveLength(changes.changedProducts);
    expect(changes.changedProducts).toBe(25);
    for (const p of repriced) {
      expect(p.price).not.toBe(oldProducts.get(p.product_id!)!.price);
      expect(Number(p.cost)).toBeLessThan(Number(p.price));
      expect(p.updated_at!.startsWith('2024-12-27')).toBe(true);
    }
  });

  it('deletes a few customers and products, and nothing refers to them', () => {
    const { customers, products } = meta2.changes!.deletedIds;
    expect(customers.length).toBeGreaterThan(0);
    expect(products.length).toBeGreaterThan(0);
    expect(meta2.changes!.deletedCustomers).toBe(customers.length);
    const ids1 = new Set(b1.customers.map((c) => c.customer_id));
    const ids2 = new Set(b2.customers.map((c) => c.customer_id));
    const pids1 = new Set(b1.products.map((p) => p.product_id));
    const pids2 = new Set(b2.products.map((p) => p.product_id));
    for (const id of customers) expect(ids1.has(id) && !ids2.has(id), id).toBe(true);
    for (const id of products) expect(pids1.has(id) && !pids2.has(id), id).toBe(true);
    const gone = new Set([...customers, ...products]);
    expect(b2.transactions.some((t) => gone.has(t.customer_id!))).toBe(false);
    expect(b2.transaction_items.some((i) => gone.has(i.product_id!))).toBe(false);
  });

  it('adds new customers who signed up after batch 1', () => {
    const ids1 = new Set(b1.customers.map((c) => c.customer_id));
    const fresh = b2.customers.filter((c) => !ids1.has(c.customer_id));
    expect(fresh).toHaveLength(meta2.changes!.newCustomers);
    for (const c of fresh) expect(c.signup_date! >= '2024-12-27' && c.signup_date! <= '2024-12-31').toBe(true);
    expect(meta2.counts.customers).toBe(
      meta1.counts.customers - meta2.changes!.deletedCustomers + meta2.changes!.newCustomers,
    );
  });

  it('holds every transaction: batch 1 unchanged, byte for byte, then the new ones after its last date', async () => {
    for (const file of ['transactions.csv', 'transaction_items.csv']) {
      const [one, two] = await Promise.all([readFile(join(dir1, file), 'utf8'), readFile(join(dir2, file), 'utf8')]);
      expect(two.startsWith(one), file).toBe(true);
      expect(two.length).toBeGreaterThan(one.length);
    }
    const fresh = b2.transactions.slice(b1.transactions.length);
    expect(fresh).toHaveLength(meta2.changes!.newTransactions);
    expect(b2.transaction_items.length - b1.transaction_items.length).toBe(meta2.changes!.newTransactionItems);
    const clean = fresh.filter((t) => isValidTimestamp(t.transaction_date!) && t.transaction_date! < '2025');
    expect(clean.length).toBeGreaterThan(fresh.length * 0.9);
    for (const t of clean) {
      expect(t.transaction_date! > meta1.dateRanges.transactions.max).toBe(true);
      expect(t.transaction_date! >= '2024-12-27 00:00:00' && t.transaction_date! <= '2024-12-31 23:59:59').toBe(true);
    }
    expect(meta2.dateRanges.transactions.max > meta1.dateRanges.transactions.max).toBe(true);
    // new transactions charge the new prices
    const newPrice = byId(b2.products, 'product_id');
    const freshIds = new Set(fresh.map((t) => t.transaction_id));
    const freshItems = b2.transaction_items.filter(
      (i) => freshIds.has(i.transaction_id) && newPrice.has(i.product_id!),
    );
    const priced = freshItems.filter(
      (i) => newPrice.get(i.product_id!)!.price !== '' && Number(newPrice.get(i.product_id!)!.price) > 0,
    );
    expect(priced.every((i) => i.unit_price === newPrice.get(i.product_id!)!.price)).toBe(true);
  });

  it('counts its defects exactly too', async () => {
    const found = await census(dir2, meta2.cutoffDate);
    expect(found.rowsWithSeveral).toBe(0);
    expect(found.totals).toEqual(meta2.defects);
    expect(found.byTable).toEqual(meta2.defectsByTable);
  });
});
