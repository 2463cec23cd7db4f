/**
 * run overhead: 500 small models (views and tables) built by `tsmodel run
 * --threads 1`, against the very same statements (target/run/**.sql of that
 * run, in run_results.json's order, one transaction per model as tsmodel
 * runs them) executed by psql -f: the physical limit for that work. Each
 * repetition starts from an empty schema for both.
 * Then --threads 4 against --threads 1 on a wide DAG (independent models).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ApiChildInput, ApiChildResult } from '../child/api.js';
import { openEngine, type BenchEngine } from '../lib/engine.js';
import type { BenchContext } from '../lib/context.js';
import { attachProfile } from '../lib/profile.js';
import { runChild } from '../lib/proc.js';
import { ratios } from '../lib/stats.js';
import type { SectionReport } from '../lib/results.js';
import { sourceSetupSql, writeSyntheticProject } from '../synthetic-project.js';
import type { Section } from './types.js';

const ROWS_PER_SOURCE = 100;

async function tsmodelRun(
  ctx: BenchContext,
  engine: BenchEngine,
  projectDir: string,
  threads: number,
  repeat = 1,
  cpuProfDir?: string,
) {
  const input: ApiChildInput = {
    command: 'run',
    projectDir,
    target: engine.target(threads),
    threads,
    repeat,
    keepRunFiles: true,
    partialParse: true,
  };
  const r = await runChild<ApiChildResult>('api', input, { timeoutMs: ctx.capS * 4 * 1000, cpuProfDir });
  for (const call of r.result.calls)
    if (!call.success)
      throw new Error(`tsmodel run failed: ${JSON.stringify(call.statuses)} ${call.failures.join(' | ')}`);
  return {
    calls: r.result.calls.map((c) => c.ms),
    ms: r.result.calls[0]!.ms,
    wallMs: r.wallMs,
    startupMs: r.result.startupMs,
  };
}

/**
 * The statements of call `call` of the last tsmodel child (see keepRunFiles), as one script: the
 * schema first, then each model's run file in a transaction, in execution order.
 */
export function replayScript(
  projectDir: string,
  schema: string,
  call: number,
): { sql: string; models: number; statements: number } {
  // run_results.json follows dbt's schema: tsmodel's compiled_path lives in adapter_response.tsmodel.
  const results = JSON.parse(readFileSync(join(projectDir, 'target', `run_results-${call}.json`), 'utf8')) as {
    results: { unique_id: string; adapter_response?: { tsmodel?: { compiled_path?: string | null } } }[];
  };
  const parts = [`create schema if not exists "${schema}";`];
  let statements = 0;
  for (const r of results.results) {
    const compiled = r.adapter_response?.tsmodel?.compiled_path;
    if (!compiled) continue;
    const text = readFileSync(join(projectDir, compiled.replace(/(^|\/)compiled\//, `$1run-${call}/`)), 'utf8');
    statements += (text.match(/^-- /gm) ?? []).length;
    parts.push(`begin;\n${text}commit;`);
  }
  if (parts.length === 1) throw new Error(`no model's run file found for call ${call} in ${projectDir}/target`);
  return { sql: `${parts.join('\n')}\n`, models: parts.length - 1, statements };
}

async function overhead(ctx: BenchContext, report: SectionReport, engine: BenchEngine): Promise<void> {
  const models = ctx.quick ? 20 : 500;
  const project = writeSyntheticProject(ctx.freshDir('run-overhead', 'project'), {
    models,
    rowsPerSource: ROWS_PER_SOURCE,
  });
  report.details.project = {
    models: project.models,
    layers: project.layers,
    tables: project.tables,
    views: project.views,
    rowsPerSource: ROWS_PER_SOURCE,
  };
  await engine.exec(sourceSetupSql(project, ROWS_PER_SOURCE));
  // The CLI keeps the parse in target/ (--partial-parse, on by default): an earlier command (here a compile)
  // parsed the project, so the measured runs reuse it, as a user's runs do.
  const parse: ApiChildInput = { command: 'compile', projectDir: project.dir, target: engine.target(1) };
  await runChild<ApiChildResult>('api', { ...parse, partialParse: true }, { timeoutMs: ctx.capS * 4 * 1000 });
  const dropSchema = 'drop schema if exists bench cascade';
  const tsm = { create: [] as number[], rebuild: [] as number[], wall: [] as number[], startup: [] as number[] };
  const base = { create: [] as number[], rebuild: [] as number[] };
  const timeout = ctx.capS * 4 * 1000;
  // tsmodel builds everything twice in one process: a first build (empty schema), then a rebuild (every
  // relation there: swaps, dependents). psql replays the statements of the first repetition's two calls.
  let create: ReturnType<typeof replayScript> | undefined;
  let rebuild: ReturnType<typeof replayScript> | undefined;
  for (let i = 0; i < ctx.runs; i++) {
    ctx.log(`run overhead: ${models} models on ${engine.kind}, run ${i + 1}/${ctx.runs}`);
    const doTsmodel = async () => {
      await engine.exec(dropSchema);
      // With --profile, the last repetition is profiled (the others stay unprofiled for the figures).
      const profDir = i === ctx.runs - 1 ? ctx.profileDir('run-overhead') : undefined;
      const r = await tsmodelRun(ctx, engine, project.dir, 1, 2, profDir);
      attachProfile(report.details, 'profile_run_create_and_rebuild', profDir);
      tsm.create.push(r.calls[0]!);
      tsm.rebuild.push(r.calls[1]!);
      tsm.wall.push(r.wallMs);
      tsm.startup.push(r.startupMs);
      create ??= replayScript(project.dir, 'bench', 0);
      rebuild ??= replayScript(project.dir, 'bench', 1);
    };
    const doBaseline = async () => {
      const [a, b] = await engine.timedScripts(dropSchema, [create!.sql, rebuild!.sql], timeout);
      base.create.push(a!);
      base.rebuild.push(b!);
    };
    // The first repetition needs tsmodel's statements first; later ones alternate the order.
    if (i % 2 === 0) {
      await doTsmodel();
      await doBaseline();
    } else {
      await doBaseline();
      await doTsmodel();
    }
  }
  report.details.replay = {
    models: create!.models,
    createStatements: create!.statements,
    rebuildStatements: rebuild!.statements,
  };
  await roundTrips(ctx, report, engine, project.dir, create!, rebuild!);
  const baseline = engine.kind === 'postgres' ? 'psql -f' : "PGlite's exec";
  const k = engine.kind;
  report.ratio(
    'run-overhead-ratio',
    `tsmodel run --threads 1 / ${baseline} of the same statements, ${models} models, empty schema`,
    ratios(tsm.create, base.create),
    {
      engine: k,
      goal: k === 'postgres' ? { op: '<=', value: 1.15, source: 'issue 20' } : undefined,
      note:
        'tsmodel timed in-process around run() (parse reused from target/ as the CLI does, compile, catalog, ' +
        'execution, artifacts); the baseline from spawn to exit',
    },
  );
  report.ratio(
    'run-overhead-rebuild-ratio',
    `the same, every relation already there (rebuild: swaps, dependents)`,
    ratios(tsm.rebuild, base.rebuild),
    { engine: k, goal: k === 'postgres' ? { op: '<=', value: 1.3, source: 'issue 20' } : undefined },
  );
  report.measured('run-overhead-tsmodel', `tsmodel run, ${models} models, empty schema`, 'ms', tsm.create, {
    engine: k,
  });
  report.measured(
    'run-overhead-baseline',
    `${baseline}, the same ${create!.statements} statements`,
    'ms',
    base.create,
    { engine: k },
  );
  report.measured('run-overhead-tsmodel-rebuild', `tsmodel run, ${models} models, rebuild`, 'ms', tsm.rebuild, {
    engine: k,
  });
  report.measured(
    'run-overhead-baseline-rebuild',
    `${baseline}, the same ${rebuild!.statements} statements`,
    'ms',
    base.rebuild,
    { engine: k },
  );
  report.measured(
    'run-overhead-startup',
    'tsmodel process start to first call (Node + tsx + imports)',
    'ms',
    tsm.startup,
    { engine: k, note: 'not in the ratios above; a built CLI (dist/) loads faster than tsx' },
  );
}

/**
 * Round trips, counted exactly (not timed): tsmodel's requests to the database in a first build and a rebuild
 * (a separate child whose adapter counts them), against psql -f's for the same statements: one per statement,
 * one for each model's BEGIN and COMMIT, one for the schema.
 */
async function roundTrips(
  ctx: BenchContext,
  report: SectionReport,
  engine: BenchEngine,
  projectDir: string,
  create: ReturnType<typeof replayScript>,
  rebuild: ReturnType<typeof replayScript>,
): Promise<void> {
  await engine.exec('drop schema if exists bench cascade');
  const input: ApiChildInput = {
    command: 'run',
    projectDir,
    target: engine.target(1),
    threads: 1,
    repeat: 2,
    countRoundTrips: true,
  };
  const r = await runChild<ApiChildResult>('api', input, { timeoutMs: ctx.capS * 4 * 1000 });
  const [first, again] = r.result.calls.map((c) => c.roundTrips ?? Number.NaN);
  const psql = (s: ReturnType<typeof replayScript>) => s.statements + 2 * s.models + 1;
  report.details.roundTrips = {
    tsmodelCreate: first,
    tsmodelRebuild: again,
    psqlCreate: psql(create),
    psqlRebuild: psql(rebuild),
    models: create.models,
  };
  const k = engine.kind;
  const note =
    `exact counts: tsmodel ${first} / ${again} requests, psql ${psql(create)} / ` +
    `${psql(rebuild)} statements sent one by one, ${create.models} models`;
  report.ratio(
    'run-overhead-round-trips',
    'round trips, first build / psql -f of the same statements',
    [first! / psql(create)],
    { engine: k, note },
  );
  report.ratio(
    'run-overhead-round-trips-rebuild',
    'round trips per model on a rebuild / psql -f',
    [again! / psql(rebuild)],
    { engine: k, goal: k === 'postgres' ? { op: '<=', value: 1.1, source: 'issue 20' } : undefined, note },
  );
}

async function threads(ctx: BenchContext, report: SectionReport, engine: BenchEngine): Promise<void> {
  const models = ctx.quick ? 8 : 64;
  const rows = ctx.quick ? 200 : 2_000;
  const work = ctx.quick ? 20 : 100;
  const project = writeSyntheticProject(ctx.freshDir('run-overhead', 'wide'), {
    models,
    shape: 'wide',
    sources: 8,
    rowsPerSource: rows,
    workFactor: work,
  });
  report.details.wide = { models, rowsPerSource: rows, workFactor: work, rowsPerModel: rows * work };
  await engine.exec(sourceSetupSql(project, rows));
  await engine.exec('drop schema if exists bench cascade');
  await tsmodelRun(ctx, engine, project.dir, 4); // creates every relation: the measured runs all rebuild them
  const t1: number[] = [];
  const t4: number[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    ctx.log(`run overhead: wide DAG of ${models} models, threads 1 and 4, run ${i + 1}/${ctx.runs}`);
    const one = async () => void t1.push((await tsmodelRun(ctx, engine, project.dir, 1)).ms);
    const four = async () => void t4.push((await tsmodelRun(ctx, engine, project.dir, 4)).ms);
    if (i % 2 === 0) {
      await one();
      await four();
    } else {
      await four();
      await one();
    }
  }
  report.ratio(
    'threads-speedup',
    `speedup of --threads 4 over --threads 1, wide DAG of ${models} models`,
    ratios(t1, t4),
    {
      engine: engine.kind,
      note:
        `${os.cpus().length} cores here; each model aggregates ` +
        `${(rows * work).toLocaleString('en-US')} rows; at most the server's cores can work at once`,
    },
  );
  report.measured('threads-1', `--threads 1, wide DAG of ${models} models`, 'ms', t1, { engine: engine.kind });
  report.measured('threads-4', `--threads 4, wide DAG of ${models} models`, 'ms', t4, { engine: engine.kind });
}

export const runOverheadSection: Section = {
  name: 'run-overhead',
  title: 'run overhead',
  async run(ctx, report) {
    if (!ctx.pg)
      report.partial(
        `PostgreSQL not used (${ctx.pgReason}): measured on PGlite against PGlite's own exec of the same ` +
          'statements; the --threads comparison needs PostgreSQL and is left out.',
      );
    const engine = await openEngine(ctx, 'run-overhead');
    try {
      await overhead(ctx, report, engine);
      if (engine.kind === 'postgres') await threads(ctx, report, engine);
    } finally {
      await engine.dispose();
    }
  },
};
