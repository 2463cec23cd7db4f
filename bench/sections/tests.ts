/**
 * data tests (issue 4): the example project's whole data-test suite, run by
 * `tsmodel test` with shared scans (the row-level tests of one relation
 * counted in one aggregate query) and with one query per test, alternately
 * in the same run, on the seeds at scale 1 built once beforehand.
 */
import type { ApiChildInput, ApiChildResult, ApiCall } from '../child/api.js';
import type { BenchContext } from '../lib/context.js';
import { ensureData } from '../lib/data.js';
import { openEngine } from '../lib/engine.js';
import { runChild } from '../lib/proc.js';
import type { SectionReport } from '../lib/results.js';
import { ratios } from '../lib/stats.js';
import { ecommerceSeedProject } from './seed.js';
import type { Section } from './types.js';

async function call(ctx: BenchContext, input: ApiChildInput): Promise<ApiCall> {
  const r = await runChild<ApiChildResult>('api', input, { timeoutMs: ctx.capS * 8 * 1000 });
  if (!r.result.ok) throw new Error(`tsmodel ${input.command} failed: ${r.result.error}`);
  return r.result.calls[0]!;
}

async function measure(ctx: BenchContext, report: SectionReport): Promise<void> {
  const engine = await openEngine(ctx, 'tests');
  try {
    const scale = ctx.quick ? 0.1 : 1;
    const data = await ensureData(ctx, scale);
    const dir = ctx.freshDir('tests', `project-${engine.kind}`);
    ecommerceSeedProject(dir, data, true);
    const threads = engine.kind === 'postgres' ? 4 : 1;
    const base = { projectDir: dir, target: engine.target(threads), threads };
    ctx.log(`data tests: building the example project at scale ${scale} on ${engine.kind}`);
    await call(ctx, { ...base, command: 'build' });
    const batched: number[] = [];
    const alone: number[] = [];
    let last: ApiCall | undefined;
    for (let i = 0; i < ctx.runs; i++) {
      ctx.log(`data tests: run ${i + 1}/${ctx.runs} on ${engine.kind}`);
      last = await call(ctx, { ...base, command: 'test', batchTests: true });
      batched.push(last.ms);
      alone.push((await call(ctx, { ...base, command: 'test', batchTests: false })).ms);
    }
    const tests = last?.tests;
    if (!tests || tests.total === 0) {
      report.partial('the example project declares no data tests yet: nothing to compare.');
      return;
    }
    const label = `${tests.total} tests, scale ${scale} (${data.rows.toLocaleString('en-US')} seed rows)`;
    report.measured(
      `tests-batched-${engine.kind}-ms`,
      `tsmodel test, shared scans (${tests.batched} of ${label})`,
      'ms',
      batched,
      { engine: engine.kind },
    );
    report.measured(`tests-alone-${engine.kind}-ms`, `tsmodel test, one query per test (${label})`, 'ms', alone, {
      engine: engine.kind,
    });
    report.ratio(`tests-batched-vs-alone-${engine.kind}`, 'shared scans / one query per test', ratios(batched, alone), {
      engine: engine.kind,
      goal: { op: '<=', value: 1, source: 'issue 4: twenty column tests must not cost twenty scans' },
    });
    report.details[engine.kind] = { scale, tests, statuses: last?.statuses };
  } finally {
    await engine.dispose();
  }
}

export const testsSection: Section = {
  name: 'tests',
  title: 'data tests',
  async run(ctx, report) {
    if (!ctx.pg) report.partial(`PostgreSQL not used (${ctx.pgReason}): PGlite only.`);
    await measure(ctx, report);
  },
};
