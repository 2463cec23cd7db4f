/**
 * Generated e-commerce data for the seed and end-to-end sections, made by
 * tsmodel's own generator in a child process and kept between runs under
 * <work>/data/scale-<N> (regenerated when the scale or seed differ).
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchContext } from './context.js';
import { runChild } from './proc.js';

export const DATA_SEED = 42;
export const TABLES = ['customers', 'products', 'transactions', 'transaction_items'] as const;

export interface GeneratedData {
  dir: string;
  scale: number;
  counts: Record<(typeof TABLES)[number], number>;
  rows: number;
  /** Set when generated in this run. */
  generation?: { ms: number; wallMs: number; maxRssMb: number; rowsPerS: number };
}

interface GenerateChildResult {
  ms: number;
  maxRssMb: number;
  counts: GeneratedData['counts'];
}

export async function ensureData(
  ctx: BenchContext,
  scale: number,
  opts: { force?: boolean } = {},
): Promise<GeneratedData> {
  const dir = join(ctx.workDir, 'data', `scale-${scale}`);
  const metaFile = join(dir, '_generation_metadata.json');
  if (!opts.force && existsSync(metaFile) && TABLES.every((t) => existsSync(join(dir, `${t}.csv`)))) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as {
      scale: number;
      seed: number;
      counts: GeneratedData['counts'];
    };
    if (meta.scale === scale && meta.seed === DATA_SEED) {
      return { dir, scale, counts: meta.counts, rows: Object.values(meta.counts).reduce((a, b) => a + b, 0) };
    }
  }
  ctx.log(`generating e-commerce data at scale ${scale}`);
  const r = await runChild<GenerateChildResult>(
    'generate',
    { outDir: dir, scale, seed: DATA_SEED },
    { cpuProfDir: ctx.profileDir(`generate-${scale}`) },
  );
  const rows = Object.values(r.result.counts).reduce((a, b) => a + b, 0);
  return {
    dir,
    scale,
    counts: r.result.counts,
    rows,
    generation: {
      ms: r.result.ms,
      wallMs: r.wallMs,
      maxRssMb: r.result.maxRssMb,
      rowsPerS: rows / (r.result.ms / 1000),
    },
  };
}

/** Copies the header and the first `rows` records of a CSV without embedded newlines (streamed). Returns the records written. */
export async function headCsv(src: string, dst: string, rows: number): Promise<number> {
  const out = createWriteStream(dst);
  const lines = createInterface({ input: createReadStream(src), crlfDelay: Infinity });
  let n = -1;
  for await (const line of lines) {
    if (n >= rows) break;
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    n++;
  }
  lines.close();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return n;
}
