/**
 * Child process: the PGlite baselines — SQL run straight through PGlite, and
 * COPY of a CSV file fed in chunks cut between records — each step timed,
 * and the database's opening apart (openMs): tsmodel's timings include its
 * own opening, so the baselines add it. With no steps it just initialises
 * the data folder.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { maxRssMb, printResult } from '../lib/proc.js';

export type PgliteStep =
  | { kind: 'exec'; sql: string }
  /** Its rows are returned in `rows`. */
  | { kind: 'query'; sql: string }
  | { kind: 'copy'; table: string; columns: string[]; file: string; chunkBytes?: number };

export interface PgliteChildInput {
  dataDir: string;
  /** Run before the clock starts. */
  setup?: string;
  steps: PgliteStep[];
}

/** Feeds a CSV with a header line and no embedded newlines to COPY in chunks ending on a newline. */
async function copyFile(db: PGlite, step: Extract<PgliteStep, { kind: 'copy' }>): Promise<void> {
  const fd = openSync(step.file, 'r');
  const size = step.chunkBytes ?? 8 * 1024 * 1024;
  const buf = Buffer.alloc(size);
  let carry = Buffer.alloc(0);
  let first = true;
  const cols = step.columns.map((c) => `"${c}"`).join(', ');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, size, null);
      const data = Buffer.concat([carry, buf.subarray(0, n)]);
      const end = n === 0 ? data.length : data.lastIndexOf(10) + 1;
      const chunk = data.subarray(0, end);
      carry = Buffer.from(data.subarray(end));
      if (chunk.length > 0) {
        await db.query(
          `copy ${step.table} (${cols}) from '/dev/blob' with (format csv, header ${first ? 'true' : 'false'})`,
          [],
          { blob: new Blob([chunk]) },
        );
        first = false;
      }
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
}

const input = JSON.parse(process.argv[2]!) as PgliteChildInput;
try {
  const opened = performance.now();
  const db = await PGlite.create(input.dataDir);
  const openMs = performance.now() - opened;
  if (input.setup) await db.exec(input.setup);
  const times: number[] = [];
  let rows: unknown[] = [];
  for (const step of input.steps) {
    const t0 = performance.now();
    if (step.kind === 'exec') await db.exec(step.sql);
    else if (step.kind === 'query') rows = (await db.query(step.sql)).rows;
    else await copyFile(db, step);
    times.push(performance.now() - t0);
  }
  await db.close();
  await printResult({ ok: true, ms: times.reduce((a, b) => a + b, 0), times, openMs, rows, maxRssMb: maxRssMb() });
} catch (err) {
  await printResult({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
process.exit(0);
