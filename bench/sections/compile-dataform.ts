/**
 * The compile section's peer: Dataform 2.6.7 compiling the same synthetic project (bench/synthetic-dataform.ts)
 * at 1,000 and 5,000 models, against `tsmodel compile` on the tsmodel version of it, one whole process each,
 * alternating which goes first. CPU time and peak RSS are sampled from /proc over each process tree
 * (lib/tree-usage.ts: Dataform compiles in a child process it kills without waiting for it). Dataform is installed by the bench into
 * bench/.work/dataform (`npm install --prefix`), never as a project dependency; when that fails, the rows say
 * why instead of vanishing.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { builtCli } from '../lib/cli-build.js';
import { BENCH_DIR, briefError, runCmd } from '../lib/proc.js';
import { sampleTree } from '../lib/tree-usage.js';
import type { SectionReport } from '../lib/results.js';
import { ratios } from '../lib/stats.js';
import { writeDataformProject } from '../synthetic-dataform.js';
import { writeSyntheticProject } from '../synthetic-project.js';
import { COLD_ARGS, writePgliteProfile } from './compile-cli.js';

const VERSION = '2.6.7';
const DATAFORM_DIR = join(BENCH_DIR, '.work', 'dataform');

interface Usage {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

const installedVersion = (pkg: string): string | undefined =>
  existsSync(join(DATAFORM_DIR, 'node_modules', pkg, 'package.json'))
    ? (JSON.parse(readFileSync(join(DATAFORM_DIR, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
        .version
    : undefined;

/** Installs @dataform/cli and @dataform/core into the bench's own folder (once); the reason when it cannot. */
async function installDataform(ctx: BenchContext): Promise<string | undefined> {
  if (!existsSync('/proc/self/stat')) return 'no /proc to sample CPU time and RSS from (Linux only)';
  if (installedVersion('@dataform/cli') === VERSION && installedVersion('@dataform/core') === VERSION) return undefined;
  ctx.log(`compile: installing @dataform/cli and @dataform/core ${VERSION} into ${DATAFORM_DIR}`);
  const pkgs = [`@dataform/cli@${VERSION}`, `@dataform/core@${VERSION}`];
  // Not under the project's engine-strict (.npmrc): Dataform 2.6.7 pulls an Azure client declaring Node <= 18,
  // which its compile never loads.
  const args = ['install', '--prefix', DATAFORM_DIR, '--no-audit', '--no-fund', '--engine-strict=false', ...pkgs];
  const r = await runCmd('npm', args, {
    timeoutMs: 20 * 60 * 1000,
    check: false,
  }).catch((err: unknown) => ({ code: -1, stderr: String(err), stdout: '' }));
  if (r.code !== 0) return `npm install ${pkgs.join(' ')} failed: ${briefError(r.stderr || r.stdout).slice(0, 300)}`;
  return installedVersion('@dataform/cli') === VERSION ? undefined : `npm installed no @dataform/cli ${VERSION}`;
}

/** Runs a command, its stdout into `out`, sampling its process tree's CPU and RSS; throws when it fails. */
function timed(cmd: string, args: string[], out: string, timeoutMs: number): Promise<Usage> {
  const fd = openSync(out, 'w');
  const started = performance.now();
  return new Promise<Usage>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: join(BENCH_DIR, '..'), stdio: ['ignore', fd, 'pipe'] });
    const usage = sampleTree(child.pid!);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const { cpuMs, rssMb } = usage.stop();
      clearTimeout(timer);
      closeSync(fd);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${briefError(stderr)}`));
      resolve({ wallMs, cpuMs, rssMb });
    });
  });
}

/** The number of tables (models) in Dataform's compiled graph (its JSON follows one log line). */
function dataformTables(out: string): number {
  const text = readFileSync(out, 'utf8');
  const graph = JSON.parse(text.slice(text.indexOf('\n{') + 1)) as { tables?: unknown[]; graphErrors?: object };
  const errors = JSON.stringify(graph.graphErrors ?? {});
  if (errors !== '{}') throw new Error(`Dataform reported graph errors: ${errors.slice(0, 500)}`);
  return graph.tables?.length ?? 0;
}

export async function compileDataformRows(ctx: BenchContext, report: SectionReport): Promise<void> {
  const sizes = ctx.quick ? [50] : [1_000, 5_000];
  const skipped = (reason: string) => {
    for (const n of sizes)
      report.ratio(`compile-vs-dataform-${n}-cpu`, `tsmodel compile / Dataform compile, ${n} models: CPU time`, [], {
        note: `skipped: ${reason}`,
      });
    report.partial(`Dataform peer skipped: ${reason}`);
  };
  if (ctx.quick) return skipped('--quick (installing Dataform takes minutes)');
  const problem = await installDataform(ctx);
  if (problem) return skipped(problem);
  const dataform = join(DATAFORM_DIR, 'node_modules/@dataform/cli/bundle.js');
  const timeoutMs = ctx.capS * 4 * 1000;
  for (const n of sizes) {
    const label = `${n.toLocaleString('en-US')} models`;
    const ts = writeSyntheticProject(ctx.freshDir('compile-dataform', `tsmodel-${n}`), { models: n });
    writePgliteProfile(ts);
    const df = ctx.freshDir('compile-dataform', `dataform-${n}`);
    writeDataformProject(df, { models: n }, join(DATAFORM_DIR, 'node_modules'));
    const tsmodelArgs = [join(BENCH_DIR, 'child/cli.mjs')]; // the built CLI, as Dataform runs its bundle
    const input = JSON.stringify({ entry: await builtCli(), projectDir: ts.dir, args: COLD_ARGS });
    const sides = {
      tsmodel: () => {
        rmSync(join(ts.dir, 'target'), { recursive: true, force: true });
        return timed(process.execPath, [...tsmodelArgs, input], join(ts.dir, 'out.txt'), timeoutMs);
      },
      dataform: async () => {
        const out = join(df, 'out.json');
        const args = [dataform, 'compile', df, '--json', '--timeout', '60m', '--track', 'false'];
        const usage = await timed(process.execPath, args, out, timeoutMs);
        const tables = dataformTables(out);
        if (tables !== n) throw new Error(`Dataform compiled ${tables} tables of ${n}`);
        return usage;
      },
    };
    const got: Record<keyof typeof sides, Usage[]> = { tsmodel: [], dataform: [] };
    for (let i = 0; i < ctx.runs; i++) {
      ctx.log(`compile vs Dataform: ${label}, run ${i + 1}/${ctx.runs}`);
      const order = i % 2 === 0 ? (['tsmodel', 'dataform'] as const) : (['dataform', 'tsmodel'] as const);
      for (const side of order) got[side].push(await sides[side]());
    }
    const of = (side: keyof typeof sides, k: keyof Usage) => got[side].map((u) => u[k]);
    report.ratio(
      `compile-vs-dataform-${n}-cpu`,
      `tsmodel compile / Dataform compile, ${label}: CPU time`,
      ratios(of('tsmodel', 'cpuMs'), of('dataform', 'cpuMs')),
    );
    report.ratio(
      `compile-vs-dataform-${n}-wall`,
      `tsmodel compile / Dataform compile, ${label}: wall time`,
      ratios(of('tsmodel', 'wallMs'), of('dataform', 'wallMs')),
    );
    report.ratio(
      `compile-vs-dataform-${n}-rss`,
      `tsmodel compile / Dataform compile, ${label}: peak RSS`,
      ratios(of('tsmodel', 'rssMb'), of('dataform', 'rssMb')),
    );
    for (const side of ['tsmodel', 'dataform'] as const) {
      report.measured(
        `compile-${side}-${n}-cpu`,
        `${side} compile, ${label}, whole process: CPU time`,
        'ms',
        of(side, 'cpuMs'),
      );
      report.measured(
        `compile-${side}-${n}-rss`,
        `${side} compile, ${label}, whole process: peak RSS`,
        'MB',
        of(side, 'rssMb'),
      );
    }
  }
  report.note(
    `Dataform ${VERSION} compiles the same models (SQLX, the macros as JavaScript includes, the tests as nonNull and ` +
      'uniqueKey assertions: two per model where tsmodel has three tests) and writes its graph as JSON to stdout; ' +
      'tsmodel writes target/compiled/ (40,000 files at 10,000 models: system time varies most) and manifest.json. ' +
      "tsmodel runs as built from its sources, Dataform from its published bundle. CPU time includes each process's " +
      'children.',
  );
}
