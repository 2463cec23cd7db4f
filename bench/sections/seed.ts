/**
 * seed (issue 3): a 1,000,000-row transaction_items CSV made by tsmodel's
 * generator, loaded by `tsmodel seed` (a reload: truncate + COPY in one
 * transaction) and by psql's \copy doing the same into a table of the same
 * shape, alternately, in the same run. The same load on PGlite against
 * PGlite's own COPY. Peak RSS of `tsmodel seed` of the e-commerce seeds at
 * scale 1 and 100 (streaming: it must stay flat). And the generator's
 * throughput and peak RSS at scale 100.
 */
import { closeSync, cpSync, linkSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiChildInput, ApiChildResult } from '../child/api.js';
import type { PgliteChildInput } from '../child/pglite-sql.js';
import type { BenchContext } from '../lib/context.js';
import { ensureData, headCsv, TABLES, type GeneratedData } from '../lib/data.js';
import { openEngine, type BenchEngine } from '../lib/engine.js';
import { attachProfile } from '../lib/profile.js';
import { REPO_ROOT, runChild } from '../lib/proc.js';
import type { SectionReport } from '../lib/results.js';
import { ratios } from '../lib/stats.js';
import type { Section } from './types.js';

const ITEMS_PER_SCALE = 30_000;

interface Counts {
  a: number;
  b: number;
}
const ITEM_COLUMNS_CONFIG = 'transaction_id: text, product_id: text';

async function tsmodelSeed(ctx: BenchContext, engine: BenchEngine, projectDir: string, cpuProfDir?: string) {
  const input: ApiChildInput = { command: 'seed', projectDir, target: engine.target(1) };
  const r = await runChild<ApiChildResult>('api', input, { timeoutMs: ctx.capS * 4 * 1000, cpuProfDir });
  const call = r.result.calls[0]!;
  if (!call.success) throw new Error(`tsmodel seed failed: ${call.failures.join(' | ')}`);
  return { ms: call.ms, wallMs: r.wallMs, rss: call.maxRssMb };
}

function itemsProject(dir: string, csv: string): void {
  mkdirSync(join(dir, 'seeds'), { recursive: true });
  writeFileSync(
    join(dir, 'project.yml'),
    'name: seedbench\nprofile: seedbench\nseed-paths: [seeds]\nseeds:\n  seedbench:\n' +
      `    transaction_items:\n      +column_types: {${ITEM_COLUMNS_CONFIG}}\n`,
  );
  linkSync(csv, join(dir, 'seeds', 'transaction_items.csv'));
}

/** The CSV's header: the seed table's columns (before loaded_at). */
function headerOf(csv: string): string[] {
  const fd = openSync(csv, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split('\n')[0]!.trim().split(',');
  } finally {
    closeSync(fd);
  }
}

async function loadComparison(
  ctx: BenchContext,
  report: SectionReport,
  engine: BenchEngine,
  csv: string,
  rows: number,
): Promise<void> {
  const dir = ctx.freshDir('seed', `items-${engine.kind}`);
  itemsProject(dir, csv);
  // The first load creates the table; the measured ones reload it (quick: the first is measured).
  if (!ctx.quick) {
    ctx.log(`seed: first load of ${rows.toLocaleString('en-US')} rows on ${engine.kind} (creates the table)`);
    await tsmodelSeed(ctx, engine, dir);
  }
  const cols = headerOf(csv);
  const copyTable = 'bench.transaction_items_baseline';
  const createCopy = `create table if not exists ${copyTable} (like bench.transaction_items including all)`;
  const colList = cols.map((c) => `"${c}"`).join(', ');
  const countSql = `select (select count(*) from bench.transaction_items)::int as a, (select count(*) from ${copyTable})::int as b`;
  let counts: Counts | undefined;
  const tsm: number[] = [];
  const tsmWall: number[] = [];
  const base: number[] = [];
  const rss: number[] = [];
  const baseline = async () => {
    if (engine.kind === 'postgres') {
      const abs = csv.replace(/'/g, "''");
      await engine.exec(createCopy);
      base.push(
        await engine.timedScript(
          `begin;\ntruncate ${copyTable};\n\\copy ${copyTable} (${colList}) from '${abs}' with (format csv, header true)\ncommit;\n`,
        ),
      );
    } else {
      const input: PgliteChildInput = {
        dataDir: (engine.target() as { path: string }).path,
        setup: createCopy,
        steps: [
          { kind: 'exec', sql: `begin; truncate ${copyTable}` },
          { kind: 'copy', table: copyTable, columns: cols, file: csv },
          { kind: 'exec', sql: 'commit' },
          { kind: 'query', sql: countSql },
        ],
      };
      const r = await runChild<{ times: number[]; openMs: number; rows: Counts[] }>('pglite-sql', input);
      base.push(r.result.openMs + r.result.times.slice(0, 3).reduce((a, b) => a + b, 0));
      counts = r.result.rows[0];
    }
  };
  let rep = 0;
  const tsmodel = async () => {
    // With --profile, the last repetition is profiled.
    const profDir = ++rep === ctx.runs ? ctx.profileDir(`seed-${engine.kind}`) : undefined;
    const r = await tsmodelSeed(ctx, engine, dir, profDir);
    attachProfile(report.details, `profile_seed_${engine.kind}`, profDir);
    tsm.push(r.ms);
    tsmWall.push(r.wallMs);
    rss.push(r.rss);
  };
  for (let i = 0; i < ctx.runs; i++) {
    ctx.log(`seed: ${rows.toLocaleString('en-US')} rows on ${engine.kind}, run ${i + 1}/${ctx.runs}`);
    if (i % 2 === 0) {
      await tsmodel();
      await baseline();
    } else {
      await baseline();
      await tsmodel();
    }
  }
  if (engine.kind === 'postgres') counts = (await engine.query<Counts>(countSql))[0];
  if (counts?.a !== rows || counts?.b !== rows)
    report.note(`${engine.kind}: row counts differ: tsmodel ${counts?.a}, baseline ${counts?.b}, file ${rows}`);
  const label = engine.kind === 'postgres' ? 'psql \\copy' : "PGlite's COPY (8 MB chunks, opening included)";
  const n = rows.toLocaleString('en-US');
  report.ratio(`seed-ratio-${engine.kind}`, `tsmodel seed / ${label}, ${n} rows`, ratios(tsm, base), {
    engine: engine.kind,
    goal: engine.kind === 'postgres' ? { op: '<=', value: 1.1, source: 'issue 20' } : undefined,
    note: 'a reload: truncate + COPY in one transaction on both sides; tsmodel also counts rows and NULLs per column, as the file streams',
  });
  report.measured(`seed-tsmodel-${engine.kind}`, `tsmodel seed, ${n} rows`, 'ms', tsm, { engine: engine.kind });
  report.measured(`seed-baseline-${engine.kind}`, `${label}, ${n} rows`, 'ms', base, { engine: engine.kind });
  report.measured(
    `seed-rows-per-s-${engine.kind}`,
    'tsmodel seed throughput',
    'rows/s',
    tsm.map((t) => rows / (t / 1000)),
    { engine: engine.kind },
  );
  report.measured(
    `seed-baseline-rows-per-s-${engine.kind}`,
    `${label} throughput`,
    'rows/s',
    base.map((t) => rows / (t / 1000)),
    { engine: engine.kind },
  );
  report.measured(`seed-rss-items-${engine.kind}`, `tsmodel seed peak RSS, ${n} rows`, 'MB', rss, {
    engine: engine.kind,
  });
  report.ratio(
    `seed-process-ratio-${engine.kind}`,
    `whole tsmodel process (Node + tsx start) / ${label}`,
    ratios(tsmWall, base),
    { engine: engine.kind },
  );
}

/** The e-commerce project's seed configuration (project.yml, macros) with one scale's CSVs, hard-linked. */
export function ecommerceSeedProject(dir: string, data: GeneratedData, withModels: boolean): void {
  cpSync(join(REPO_ROOT, 'project.yml'), join(dir, 'project.yml'));
  for (const folder of withModels ? ['models', 'macros', 'analyses', 'tests', 'snapshots'] : ['macros']) {
    try {
      cpSync(join(REPO_ROOT, folder), join(dir, folder), { recursive: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  mkdirSync(join(dir, 'seeds'), { recursive: true });
  for (const t of TABLES) linkSync(join(data.dir, `${t}.csv`), join(dir, 'seeds', `${t}.csv`));
  cpSync(join(data.dir, '_generation_metadata.json'), join(dir, 'seeds', '_generation_metadata.json'));
}

async function rssByScale(
  ctx: BenchContext,
  report: SectionReport,
  engine: BenchEngine,
  small: GeneratedData,
  large: GeneratedData,
): Promise<void> {
  const measure = async (data: GeneratedData, runs: number) => {
    const out: { rss: number; ms: number }[] = [];
    for (let i = 0; i < runs; i++) {
      ctx.log(`seed: e-commerce seeds at scale ${data.scale} on ${engine.kind}, run ${i + 1}/${runs}`);
      const dir = ctx.freshDir('seed', `ecommerce-${engine.kind}-${data.scale}`);
      ecommerceSeedProject(dir, data, false);
      const r = await tsmodelSeed(ctx, engine, dir);
      out.push({ rss: r.rss, ms: r.ms });
    }
    return out;
  };
  const runs = Math.min(ctx.runs, 2);
  const a = await measure(small, runs);
  const b = await measure(large, runs);
  report.measured(
    `seed-rss-scale-small-${engine.kind}`,
    `tsmodel seed peak RSS, e-commerce seeds at scale ${small.scale} (${small.rows.toLocaleString('en-US')} rows)`,
    'MB',
    a.map((x) => x.rss),
    { engine: engine.kind },
  );
  report.measured(
    `seed-rss-scale-large-${engine.kind}`,
    `tsmodel seed peak RSS, scale ${large.scale} (${large.rows.toLocaleString('en-US')} rows)`,
    'MB',
    b.map((x) => x.rss),
    { engine: engine.kind },
  );
  report.ratio(
    `seed-rss-growth-${engine.kind}`,
    `peak RSS scale ${large.scale} / scale ${small.scale}`,
    ratios(
      b.map((x) => x.rss),
      a.map((x) => x.rss),
    ),
    {
      engine: engine.kind,
      goal:
        engine.kind === 'postgres'
          ? { op: '<=', value: 1.2, source: 'issue 20' }
          : { op: '<=', value: 1.5, source: 'issue 3' },
      note:
        engine.kind === 'pglite'
          ? "PGlite's database runs inside the same process: its memory is counted too"
          : undefined,
    },
  );
  report.measured(
    `seed-rows-per-s-scale-large-${engine.kind}`,
    `tsmodel seed throughput, 4 tables at scale ${large.scale}`,
    'rows/s',
    b.map((x) => large.rows / (x.ms / 1000)),
    { engine: engine.kind },
  );
}

export const seedSection: Section = {
  name: 'seed',
  title: 'seed',
  async run(ctx, report) {
    const rows = ctx.quick ? 5_000 : 1_000_000;
    const smallScale = ctx.quick ? 0.1 : 1;
    const largeScale = ctx.quick ? 0.5 : 100;
    const itemsScale = ctx.quick ? largeScale : Math.ceil((rows / ITEMS_PER_SCALE) * 100) / 100;

    // The generator at the large scale, measured (always regenerated here, then reused by end to end).
    const large = await ensureData(ctx, largeScale, { force: true });
    const g = large.generation!;
    report.measured(
      'generate-rows-per-s',
      `tsmodel generate --scale ${largeScale}: ${large.rows.toLocaleString('en-US')} rows`,
      'rows/s',
      [g.rowsPerS],
      { digits: 0 },
    );
    report.measured('generate-ms', `tsmodel generate --scale ${largeScale}`, 'ms', [g.ms]);
    report.measured('generate-rss', `tsmodel generate --scale ${largeScale}, peak RSS`, 'MB', [g.maxRssMb]);
    const small = await ensureData(ctx, smallScale);

    const itemsData = await ensureData(ctx, itemsScale);
    if (itemsData.counts.transaction_items < rows)
      throw new Error(`scale ${itemsScale} made ${itemsData.counts.transaction_items} items, fewer than ${rows}`);
    const csv = join(ctx.freshDir('seed', 'csv'), 'transaction_items.csv');
    const written = await headCsv(join(itemsData.dir, 'transaction_items.csv'), csv, rows);
    report.details.items = { file: csv, rows: written, bytes: statSync(csv).size, generatedAtScale: itemsScale };

    const engines: BenchEngine['kind'][] = ctx.pg ? ['postgres', 'pglite'] : ['pglite'];
    if (!ctx.pg)
      report.partial(
        `PostgreSQL not used (${ctx.pgReason}): the tsmodel / psql \\copy ratio is left out; PGlite only.`,
      );
    else if (!ctx.psql) report.partial('psql is not installed: the \\copy baseline is left out.');
    for (const kind of engines) {
      const engine = await openEngine(ctx, `seed-${kind}`, kind);
      try {
        if (kind === 'pglite' || ctx.psql) await loadComparison(ctx, report, engine, csv, written);
      } finally {
        await engine.dispose();
      }
    }
    // Quick: the memory check on one engine only.
    for (const kind of ctx.quick ? engines.slice(0, 1) : engines) {
      const engine = await openEngine(ctx, `seed-rss-${kind}`, kind);
      try {
        await rssByScale(ctx, report, engine, small, large);
      } finally {
        await engine.dispose();
      }
    }
  },
};
