/** Child process: tsmodel's data generator, timed; prints the counts and peak RSS. */
import { generate } from '../../src/generate/index.js';
import { maxRssMb, printResult } from '../lib/proc.js';

const input = JSON.parse(process.argv[2]!) as { outDir: string; scale: number; seed: number };
try {
  const t0 = performance.now();
  const meta = await generate({ outDir: input.outDir, scale: input.scale, seed: input.seed });
  await printResult({ ok: true, ms: performance.now() - t0, counts: meta.counts, maxRssMb: maxRssMb() });
} catch (err) {
  await printResult({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
process.exit(0);
