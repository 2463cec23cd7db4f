import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support/cli.js';
import { CATEGORIES } from './catalogue.js';
import { readTable, type Table } from './census.js';
import { MAX_REVENUE_SHARE, salesWeights } from './products.js';
import { hashes, removeDir, tempDir } from './test-support/files.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

describe('the generated shop', () => {
  let dir: string;
  let products: Table;
  let items: Table;

  beforeAll(async () => {
    dir = await tempDir('shop');
    cpSync(join(REPO_ROOT, 'project.yml'), join(dir, 'project.yml'));
    const res = await runCli(['generate'], { cwd: dir });
    expect(res.code, res.all).toBe(0);
    [products, items] = await Promise.all([
      readTable(join(dir, 'seeds'), 'products'),
      readTable(join(dir, 'seeds'), 'transaction_items'),
    ]);
  });
  afterAll(() => removeDir(dir));

  it('is what seeds/ holds: `tsmodel generate` reproduces the committed example data byte for byte', async () => {
    expect(await hashes(join(dir, 'seeds'))).toEqual(await hashes(join(REPO_ROOT, 'seeds')));
  });

  it("prices every product within its kind's range (a charger costs tens of dollars, not hundreds)", () => {
    const ranges = new Map(CATEGORIES.flatMap((c) => c.kinds.map((k) => [`${c.name}/${k.noun}`, k] as const)));
    let checked = 0;
    for (const p of products) {
      const price = Number(p.price);
      if (!/^\d+\.\d\d$/.test(p.price!) || price <= 0) continue; // an injected invalid_prices defect
      const kind = [...ranges].find(
        ([key]) => key.startsWith(`${p.category}/`) && p.product_name!.endsWith(key.split('/')[1]!),
      );
      expect(kind, p.product_name).toBeDefined();
      const { min, max } = kind![1];
      expect(price, `${p.product_name} at ${p.price}`).toBeGreaterThanOrEqual(Math.min(min - 1, 0.99));
      expect(price, `${p.product_name} at ${p.price}`).toBeLessThan(max + 1);
      checked++;
    }
    expect(checked).toBeGreaterThan(products.length * 0.95);
  });

  it('has no single product above 10 % of revenue', () => {
    const revenue = new Map<string, number>();
    let total = 0;
    for (const item of items) {
      const amount = Number(item.line_total);
      if (!Number.isFinite(amount) || amount <= 0) continue;
      revenue.set(item.product_id!, (revenue.get(item.product_id!) ?? 0) + amount);
      total += amount;
    }
    const top = Math.max(...revenue.values());
    expect(top / total).toBeLessThan(0.1);
  });
});

describe('salesWeights', () => {
  it('caps every expected revenue share, damps expensive products and never sells a deleted one', () => {
    // 40 products (a 5 % cap needs at least 20), the most popular also the dearest.
    const zipf = Float64Array.from({ length: 40 }, (_, i) => 1 / (i + 1) ** 0.9);
    const prices = Int32Array.from({ length: 40 }, (_, i) => (i === 0 ? 99_999 : 999));
    const w = salesWeights(zipf, prices, new Set([39]));
    const revenue = [...w].map((x, i) => x * prices[i]!);
    const total = revenue.reduce((a, b) => a + b, 0);
    expect(w[39]).toBe(0);
    for (const r of revenue) expect(r / total).toBeLessThanOrEqual(MAX_REVENUE_SHARE * 1.001);
    expect(w[0]! / w[1]!).toBeLessThan(zipf[0]! / zipf[1]!);
  });
});
