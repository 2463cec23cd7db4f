/**
 * Writes the committed example data: scale 1, seed 42, batch 1 into seeds/.
 *   npx tsx scripts/write-example.ts [outDir]
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../src/generate/index.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'seeds'));
const meta = await generate({ outDir, scale: 1, seed: 42, batch: 1 });
for (const file of [
  'customers.csv',
  'products.csv',
  'transactions.csv',
  'transaction_items.csv',
  '_generation_metadata.json',
]) {
  const { size } = await stat(join(outDir, file));
  process.stdout.write(`${file.padEnd(28)} ${String(size).padStart(10)} bytes\n`);
}
process.stdout.write(`${JSON.stringify(meta.counts)}\n`);
