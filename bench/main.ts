/**
 * tsmodel's benchmark: `npm run bench [-- options]`.
 *
 * Every figure is a ratio against a baseline measured in the same run, or a
 * time / size / throughput with its median and spread over --runs
 * repetitions: these machines are shared and noisy, absolute times drift.
 * Writes bench/results.json and prints a table.
 *
 *   --quick             tiny sizes, 1 repetition (a smoke test; the test suite runs it)
 *   --only a,b          only these sections (compile, run-overhead, seed, snapshot, end-to-end)
 *   --runs N            repetitions (default 3; 1 with --quick)
 *   --out FILE          where results go (default bench/results.json)
 *   --work-dir DIR      work files (default bench/.work/run)
 *   --pg-url URL        the PostgreSQL server (else TSMODEL_BENCH_PG_URL, TSMODEL_TEST_PG_URL,
 *                       DATABASE_URL, or postgres://$USER@127.0.0.1:5432/postgres if it answers)
 *   --no-pg             PGlite only; PostgreSQL sections say they were skipped
 *   --cap S             a tsmodel call predicted to take longer than S seconds is not run (default 300; 60 quick)
 *   --max-scale N       largest end-to-end scale (default 100)
 *   --profile           CPU profiles of tsmodel's children (the last repetition of each measurement)
 *                       under <work>/profiles, summarised in results.json; profiling slows those runs:
 *                       use it to see where the time goes, not for the figures
 *   --markdown          also print the table as Markdown (the README's)
 *   --report            print the table (and --markdown) of an existing results file (--out), measuring nothing
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import os from 'node:os';
import { makeContext, type BenchOptions } from './lib/context.js';
import { machineInfo } from './lib/machine.js';
import { PgServer, psqlVersion } from './lib/pg.js';
import { BENCH_DIR } from './lib/proc.js';
import {
  RESULTS_SCHEMA_VERSION,
  SectionReport,
  renderMarkdown,
  renderTable,
  type BenchResults,
  type SectionResult,
} from './lib/results.js';
import { SECTIONS } from './sections/index.js';

function usage(message?: string): never {
  if (message) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(
    'usage: npm run bench -- [--quick] [--report] [--only compile,run-overhead,seed,snapshot,end-to-end] ' +
      '[--runs N] [--out FILE] [--work-dir DIR] [--pg-url URL | --no-pg] [--cap S] [--max-scale N] ' +
      '[--profile] [--markdown]\n',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): BenchOptions & { markdown: boolean; report: boolean } {
  const get = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) usage(`${name} needs a value`);
    return v;
  };
  let quick = false;
  let only: string[] | null = null;
  let runs: number | undefined;
  let out = join(BENCH_DIR, 'results.json');
  let workDir = join(BENCH_DIR, '.work', 'run');
  let pgUrl: string | undefined;
  let noPg = false;
  let profile = false;
  let cap: number | undefined;
  let maxScale = 100;
  let markdown = false;
  let report = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? get(i++, flag);
    if (flag === '--quick') quick = true;
    else if (flag === '--only')
      only = [
        ...(only ?? []),
        ...value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ];
    else if (flag === '--runs') runs = Number(value());
    else if (flag === '--out') out = resolve(value());
    else if (flag === '--work-dir') workDir = resolve(value());
    else if (flag === '--pg-url') pgUrl = value();
    else if (flag === '--no-pg') noPg = true;
    else if (flag === '--profile') profile = true;
    else if (flag === '--cap') cap = Number(value());
    else if (flag === '--max-scale') maxScale = Number(value());
    else if (flag === '--markdown') markdown = true;
    else if (flag === '--report') report = true;
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) usage('--runs takes a whole number >= 1');
  if (cap !== undefined && !(cap > 0)) usage('--cap takes a number of seconds > 0');
  const names = SECTIONS.map((s) => s.name);
  for (const o of only ?? []) if (!names.includes(o)) usage(`no section '${o}' (sections: ${names.join(', ')})`);
  return {
    quick,
    only,
    runs: runs ?? (quick ? 1 : 3),
    out,
    workDir,
    pgUrl,
    noPg,
    profile,
    capS: cap ?? (quick ? 60 : 300),
    maxScale,
    markdown,
    report,
  };
}

async function findPostgres(opts: BenchOptions): Promise<{ pg: PgServer | null; reason?: string }> {
  if (opts.noPg) return { pg: null, reason: '--no-pg' };
  const env = process.env;
  const explicit = opts.pgUrl ?? env.TSMODEL_BENCH_PG_URL ?? env.TSMODEL_TEST_PG_URL ?? env.DATABASE_URL;
  const url =
    explicit ?? `postgres://${encodeURIComponent(env.PGUSER ?? os.userInfo().username)}@127.0.0.1:5432/postgres`;
  try {
    return { pg: await PgServer.connect(url) };
  } catch (err) {
    const why =
      `${explicit ? url.replace(/:[^:@/]*@/, ':***@') : `no URL given and ${url}`} did not ` +
      `answer: ${err instanceof Error ? err.message : String(err)}`;
    if (explicit) throw new Error(`PostgreSQL: ${why}`, { cause: err });
    return { pg: null, reason: why };
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.report) {
    const saved = JSON.parse(readFileSync(opts.out, 'utf8')) as BenchResults;
    process.stdout.write(`${renderTable(saved)}\n`);
    if (opts.markdown) process.stdout.write(`\n${renderMarkdown(saved)}\n`);
    return;
  }
  const started = new Date();
  const loadAvgAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const { pg, reason } = await findPostgres(opts);
  const psql = pg ? await psqlVersion() : null;
  const ctx = makeContext(opts, pg, reason, psql);
  ctx.log(
    `${opts.quick ? 'quick' : 'full'} benchmark, ${opts.runs} run(s) each; PostgreSQL: ` +
      `${pg ? pg.version.split(' ').slice(0, 2).join(' ') : `not used (${reason})`}`,
  );
  const sections: SectionResult[] = [];
  for (const s of SECTIONS) {
    if (opts.only && !opts.only.includes(s.name)) continue;
    if (s.pending || !s.run) {
      sections.push({
        name: s.name,
        title: s.title,
        status: 'pending',
        notes: [s.pending ?? 'pending'],
        figures: [],
        elapsedS: 0,
      });
      continue;
    }
    const report = new SectionReport(s.name, s.title);
    const t0 = performance.now();
    ctx.log(`section ${s.name}`);
    let error: string | undefined;
    try {
      await s.run(ctx, report);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      report.status = 'error';
      ctx.log(`section ${s.name} failed: ${error}`);
    }
    sections.push({
      name: s.name,
      title: s.title,
      status: report.status,
      notes: report.notes,
      figures: report.figures,
      elapsedS: Math.round((performance.now() - t0) / 100) / 10,
      ...(error ? { error } : {}),
      ...(Object.keys(report.details).length ? { details: report.details } : {}),
    });
  }
  const finished = new Date();
  const loadAvgAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const results: BenchResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    elapsedS: Math.round((finished.getTime() - started.getTime()) / 100) / 10,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    quick: opts.quick,
    runs: opts.runs,
    postgres: pg ? { used: true } : { used: false, reason },
    machine: { ...machineInfo(pg?.version ?? null, psql), loadAvgAtStart, loadAvgAtEnd },
    sections,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderTable(results)}\n\nwritten to ${opts.out} in ${results.elapsedS} s\n`);
  if (opts.markdown) process.stdout.write(`\n${renderMarkdown(results)}\n`);
  process.exitCode = sections.some((s) => s.status === 'error') ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
