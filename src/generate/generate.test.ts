import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TsmodelError } from '../errors/index.js';
import { DEFECT_KINDS, TABLE_DEFECTS, generate } from './index.js';
import type { GenerationMetadata } from './index.js';
import { census, isValidTimestamp, readTable } from './census.js';
import type { Table } from './census.js';
import { hashes, removeDir, tempDir } from './test-support/files.js';

describe('generate, batch 1', () => {
  const dirs: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  let meta: GenerationMetadata;
  let customers: Table;
  let products: Table;
  let transactions: Table;
  let items: Table;

  beforeAll(async () => {
    for (const k of ['a', 'b', 'c'] as const) dirs[k] = await tempDir(k);
    meta = await generate({ outDir: dirs.a, seed: 42 });
    await generate({ outDir: dirs.b, seed: 42 });
    await generate({ outDir: dirs.c, seed: 43 });
    [customers, products, transactions, items] = await Promise.all(
      (['customers', 'products', 'transactions', 'transaction_items'] as const).map((t) => readTable(dirs.a, t)),
    );
  });
  afterAll(async () => {
    for (const d of Object.values(dirs)) await removeDir(d);
  });

  it('is deterministic: the same seed gives byte-identical files, another seed other files', async () => {
    const [a, b, c] = await Promise.all([hashes(dirs.a), hashes(dirs.b), hashes(dirs.c)]);
    expect(b).toEqual(a);
    for (const file of Object.keys(a)) expect(c[file], file).not.toBe(a[file]);
  });

  it('writes the metadata it returns, with a generatedAt that is not the clock', async () => {
    const onDisk = JSON.parse(await readFile(join(dirs.a, '_generation_metadata.json'), 'utf8')) as GenerationMetadata;
    expect(onDisk).toEqual(meta);
    expect(meta).toMatchObject({
      seed: 42,
      scale: 1,
      batch: 1,
      defectRate: 0.03,
      changes: null,
      cutoffDate: '2024-12-26',
    });
    expect(meta.generatedAt).toBe('2024-12-27T00:00:42Z');
  });

  it('has the sizes of scale 1, equal to the metadata', () => {
    expect(meta.counts).toEqual({ customers: 1000, products: 500, transactions: 10_000, transaction_items: 30_000 });
    expect(customers).toHaveLength(meta.counts.customers);
    expect(products).toHaveLength(meta.counts.products);
    expect(transactions).toHaveLength(meta.counts.transactions);
    expect(items).toHaveLength(meta.counts.transaction_items);
    const perTxn = new Map<string, number>();
    for (const it of items) perTxn.set(it.transaction_id!, (perTxn.get(it.transaction_id!) ?? 0) + 1);
    const sizes = [...perTxn.entries()].filter(([id]) => /^TXN0\d{5}$/.test(id) && Number(id.slice(3)) <= 10_000);
    expect(Math.min(...sizes.map(([, n]) => n))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes.map(([, n]) => n))).toBeLessThanOrEqual(5);
  });

  it('spells ids and columns as the spec says', () => {
    expect(customers[0]!.customer_id).toBe('CUST0001');
    expect(products[0]!.product_id).toBe('PROD0001');
    expect(transactions[0]!.transaction_id).toBe('TXN000001');
    expect(items[0]!.item_id).toBe('ITEM0000001');
    expect(Object.keys(customers[0]!)).toEqual([
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
    ]);
    expect(Object.keys(products[0]!)).toEqual([
      'product_id',
      'product_name',
      'category',
      'brand',
      'price',
      'cost',
      'supplier_id',
      'updated_at',
    ]);
    expect(Object.keys(transactions[0]!)).toEqual([
      'transaction_id',
      'customer_id',
      'transaction_date',
      'payment_method',
      'status',
      'updated_at',
    ]);
    expect(Object.keys(items[0]!)).toEqual([
      'item_id',
      'transaction_id',
      'product_id',
      'quantity',
      'unit_price',
      'discount',
      'line_total',
    ]);
    expect(products.filter((p) => p.supplier_id !== '').every((p) => /^SUP\d{3}$/.test(p.supplier_id!))).toBe(true);
  });

  it('starts with John of New York, the SCD2 example', () => {
    expect(customers[0]).toMatchObject({
      customer_id: 'CUST0001',
      first_name: 'John',
      city: 'New York',
      state: 'NY',
      updated_at: '2023-01-01 00:00:00',
    });
  });

  it('injects every defect kind, and the metadata counts exactly what a reader of the files finds', async () => {
    const found = await census(dirs.a, meta.cutoffDate);
    expect(found.rowsWithSeveral).toBe(0);
    expect(found.totals).toEqual(meta.defects);
    expect(found.byTable).toEqual(meta.defectsByTable);
    for (const kind of DEFECT_KINDS) expect(meta.defects[kind], kind).toBeGreaterThan(0);
    // about defectRate of each table's rows
    for (const [table, kinds] of Object.entries(TABLE_DEFECTS)) {
      const spoiled = kinds.reduce(
        (sum, k) => sum + (meta.defectsByTable[table as keyof typeof TABLE_DEFECTS][k] ?? 0),
        0,
      );
      expect(spoiled / meta.counts[table as keyof typeof meta.counts]).toBeCloseTo(0.03, 2);
    }
  });

  it('keeps clean rows clean and consistent', () => {
    const clean = transactions.filter(
      (t) => isValidTimestamp(t.transaction_date!) && t.transaction_date! <= '2024-12-26 23:59:59',
    );
    expect(clean.every((t) => t.transaction_date! >= '2023-01-01 00:00:00')).toBe(true);
    expect(meta.dateRanges.transactions.min >= '2023-01-01').toBe(true);
    expect(meta.dateRanges.transactions.max <= '2024-12-26 23:59:59').toBe(true);
    expect(new Set(transactions.map((t) => t.status))).toEqual(
      new Set(['completed', 'pending', 'cancelled', 'refunded']),
    );
    const completed = transactions.filter((t) => t.status === 'completed').length;
    expect(completed / transactions.length).toBeGreaterThan(0.8);
    expect(new Set(customers.map((c) => c.email!.trim().toLowerCase()).filter(Boolean)).size).toBe(
      1000 - meta.defects.duplicate_customers - countEmpty(customers, 'email'),
    );
  });

  it('has a weekly pattern, a November/December peak and a long tail', () => {
    const clean = transactions.filter((t) => isValidTimestamp(t.transaction_date!) && t.transaction_date! < '2025');
    const byWeekday = new Array(7).fill(0) as number[];
    const byMonth = new Array(12).fill(0) as number[];
    for (const t of clean) {
      const d = new Date(`${t.transaction_date!.slice(0, 10)}T00:00:00Z`);
      byWeekday[d.getUTCDay()]!++;
      byMonth[d.getUTCMonth()]!++;
    }
    const weekend = (byWeekday[0]! + byWeekday[6]!) / 2;
    const midweek = (byWeekday[1]! + byWeekday[2]! + byWeekday[3]!) / 3;
    expect(weekend / midweek).toBeGreaterThan(1.25);
    const avg = byMonth.reduce((a, b) => a + b, 0) / 12;
    expect(byMonth[10]! / avg).toBeGreaterThan(1.25);
    expect(byMonth[11]! / avg).toBeGreaterThan(1.25);
    const perCustomer = countBy(transactions, 'customer_id');
    const top = [...perCustomer.values()].sort((a, b) => b - a);
    const topTenth = top.slice(0, 100).reduce((a, b) => a + b, 0);
    expect(topTenth / transactions.length).toBeGreaterThan(0.3);
    const perProduct = [...countBy(items, 'product_id').values()].sort((a, b) => b - a);
    expect(perProduct[0]! / perProduct[Math.floor(perProduct.length / 2)]!).toBeGreaterThan(10);
  });

  it('writes clean data when defectRate is 0', async () => {
    const dir = await tempDir('clean');
    try {
      const clean = await generate({ outDir: dir, scale: 0.2, defectRate: 0 });
      expect(Object.values(clean.defects).every((n) => n === 0)).toBe(true);
      const found = await census(dir, clean.cutoffDate);
      expect(Object.values(found.totals).every((n) => n === 0)).toBe(true);
    } finally {
      await removeDir(dir);
    }
  });

  it('refuses nonsense options with a usage error', async () => {
    await expect(generate({ outDir: dirs.a, scale: 0 })).rejects.toBeInstanceOf(TsmodelError);
    await expect(generate({ outDir: dirs.a, seed: -1 })).rejects.toThrow(/seed/);
    await expect(generate({ outDir: dirs.a, batch: 3 as 1 })).rejects.toThrow(/batch/);
    await expect(generate({ outDir: dirs.a, defectRate: 2 })).rejects.toThrow(/defect rate/);
  });
});

function countEmpty(rows: Table, column: string): number {
  return rows.filter((r) => r[column] === '').length;
}

function countBy(rows: Table, column: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r[column]!, (m.get(r[column]!) ?? 0) + 1);
  return m;
}
