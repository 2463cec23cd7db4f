/** Shared by the generate/ tests: temp folders and file hashes. */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OUTPUT_FILES = [
  'customers.csv',
  'products.csv',
  'transactions.csv',
  'transaction_items.csv',
  '_generation_metadata.json',
] as const;

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `tsmodel-generate-${label}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

export async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of OUTPUT_FILES) out[f] = await sha256(join(dir, f));
  return out;
}
