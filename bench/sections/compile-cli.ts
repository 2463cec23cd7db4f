/**
 * The compile section's whole-process rows (issue 19's table): the CLI as a
 * user runs it, one process per command, on one synthetic project —
 * `compile` with nothing in target/, again with nothing changed, again with
 * one model file changed, `ls`, and `run -s <one model>` up to its first
 * statement (warm: the PGlite folder exists). Each figure is from spawn to
 * exit (Node's start included; the built CLI, no tsx), with the child's peak RSS.
 */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { builtCli } from '../lib/cli-build.js';
import { runChild } from '../lib/proc.js';
import type { SectionReport } from '../lib/results.js';
import type { SyntheticProject } from '../synthetic-project.js';

/** bench/child/cli.mjs's input and output. */
interface CliChildInput {
  /** The built CLI's entry point (bench/lib/cli-build.ts). */
  entry: string;
  /** The project folder, given as --project-dir. */
  projectDir: string;
  args: string[];
}

interface CliChildResult {
  exitCode: number;
  /** Milliseconds from the process's start (Node's time origin) to the first node-start event, if any. */
  firstNodeMs?: number;
  /** Milliseconds from the process's start to the command's end. */
  endMs: number;
  maxRssMb: number;
}

export interface Sample {
  ms: number;
  rss: number;
  firstNodeMs?: number;
}

export async function cli(ctx: BenchContext, project: SyntheticProject, args: string[], check = true): Promise<Sample> {
  const input: CliChildInput = { entry: await builtCli(), projectDir: project.dir, args };
  const r = await runChild<CliChildResult>('cli', input, { timeoutMs: ctx.capS * 4 * 1000, plain: true });
  if (check && r.result.exitCode !== 0)
    throw new Error(`tsmodel ${args.join(' ')} exited with ${r.result.exitCode}: ${r.stderr.slice(-1500)}`);
  return { ms: r.wallMs, rss: r.result.maxRssMb, firstNodeMs: r.result.firstNodeMs };
}

/** The cold compile's command line (the 10,000- and 50,000-model rows run the same). */
const LOG_ARGS = ['--log-format', 'json'];
export const COLD_ARGS = ['compile', ...LOG_ARGS];

/** The project's profiles.yml: an embedded target inside the project folder. */
export function writePgliteProfile(project: SyntheticProject): void {
  writeFileSync(
    join(project.dir, 'profiles.yml'),
    'bench:\n  target: dev\n  outputs:\n    dev: {type: pglite, path: ' +
      `${JSON.stringify(join(project.dir, '.bench-db'))}, schema: bench, threads: 1}\n`,
  );
}

/** A model file of the project, by layer order: the first staging model. */
function oneModel(project: SyntheticProject): { name: string; path: string } {
  const width = Math.max(4, String(project.models).length);
  const name = `stg_orders_${'0'.repeat(width)}`;
  return { name, path: join(project.dir, 'models/staging/orders', `${name}.sql`) };
}

/** Measures the rows; returns the cold compiles' samples (the growth row compares with them). */
export async function compileCliRows(
  ctx: BenchContext,
  report: SectionReport,
  project: SyntheticProject,
): Promise<Sample[]> {
  const n = project.models.toLocaleString('en-US');
  const rows: Record<string, Sample[]> = { cold: [], second: [], changed: [], ls: [], run: [] };
  const model = oneModel(project);
  writePgliteProfile(project);
  const target = LOG_ARGS;
  for (let i = 0; i < ctx.runs; i++) {
    ctx.log(`compile (whole process): ${n} models, run ${i + 1}/${ctx.runs}`);
    rmSync(join(project.dir, 'target'), { recursive: true, force: true });
    rows.cold!.push(await cli(ctx, project, COLD_ARGS));
    rows.ls!.push(await cli(ctx, project, ['ls', ...target]));
    if (ctx.quick) continue; // the smoke test: two processes are enough to keep the harness honest
    rows.second!.push(await cli(ctx, project, ['compile', ...target]));
    appendFileSync(model.path, `-- edit ${i}\n`);
    rows.changed!.push(await cli(ctx, project, ['compile', ...target]));
    // The source tables do not exist: the run fails at its first statement, which is what is timed.
    const run = ['run', '-s', model.name, ...target];
    if (i === 0) await cli(ctx, project, run, false); // makes the PGlite folder: the timed run is warm
    rows.run!.push(await cli(ctx, project, run, false));
  }
  const label = (what: string) => `${what}, ${n} models + ${project.tests.toLocaleString('en-US')} tests`;
  const measured = (id: string, what: string, samples: Sample[], goalMs?: number) => {
    const goal = goalMs ? { goal: { op: '<=' as const, value: goalMs, source: 'issue 19' } } : {};
    report.measured(
      `${id}-ms`,
      label(what),
      'ms',
      samples.map((s) => s.ms),
      goal,
    );
    report.measured(
      `${id}-rss`,
      label(`${what}: peak RSS`),
      'MB',
      samples.map((s) => s.rss),
    );
  };
  measured('cli-compile-cold', 'tsmodel compile, whole process, nothing in target/', rows.cold!, 1000);
  measured('cli-ls', 'tsmodel ls, whole process', rows.ls!, 300);
  if (ctx.quick) {
    report.note('quick: compile again, one file changed and run -s are left out of the whole-process rows.');
    return rows.cold!;
  }
  measured('cli-compile-second', 'tsmodel compile again, nothing changed', rows.second!, 300);
  measured('cli-compile-one-changed', 'tsmodel compile after one model file changed', rows.changed!, 150);
  const first = rows.run!.filter((s) => s.firstNodeMs !== undefined).map((s) => s.firstNodeMs!);
  if (first.length > 0)
    report.measured(
      'cli-run-one-first-statement-ms',
      label(`tsmodel run -s ${model.name}: process start to its first node`),
      'ms',
      first,
      {
        goal: { op: '<=', value: 300, source: 'issue 19' },
      },
    );
  else report.note(`run -s ${model.name} started no node: time to first statement not measured`);
  report.note(
    'Whole-process rows run the CLI built from the sources (bench/lib/cli-build.ts) in plain Node, as a user runs it ' +
      "(bench/child/cli.mjs); Node's start is included. " +
      '"second", "one changed", ls and run -s read the parse kept in target/partial_parse.bin by the cold compile ' +
      '(reused whole; the changed model, a comment added, edited in place), and "second" and "one changed" the ' +
      'compiled SQL kept in target/compile_cache.json (api/compile-reuse.ts): only nodes whose inputs changed render.',
  );
  return rows.cold!;
}
