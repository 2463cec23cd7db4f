import { afterAll, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from './index.js';
import { census } from './census.js';
import { OUTPUT_FILES, removeDir, tempDir } from './test-support/files.js';

describe('generate at a larger scale (streamed)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await removeDir(d);
  });

  it('writes scale 3 and reports progress as it goes', async () => {
    const dir = await tempDir('scale3');
    dirs.push(dir);
    const progress: [string, number][] = [];
    const meta = await generate({ outDir: dir, scale: 3 }, (table, rows) => progress.push([table, rows]));
    expect(meta.counts).toEqual({ customers: 3000, products: 1500, transactions: 30_000, transaction_items: 90_000 });
    for (const f of OUTPUT_FILES) expect((await stat(join(dir, f))).size, f).toBeGreaterThan(0);
    const itemReports = progress.filter(([t]) => t === 'transaction_items').map(([, n]) => n);
    expect(itemReports.length).toBeGreaterThanOrEqual(9);
    expect(itemReports).toEqual([...itemReports].sort((a, b) => a - b));
    expect(itemReports.at(-1)).toBe(90_000);
    expect(progress.find(([t]) => t === 'customers')).toEqual(['customers', 3000]);
    // the defect bookkeeping holds at this size too
    const found = await census(dir, meta.cutoffDate);
    expect(found.totals).toEqual(meta.defects);
  });
});
