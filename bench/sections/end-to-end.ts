/**
 * end to end: `tsmodel build` (seeds, models, snapshots, data tests) of the
 * repository's own e-commerce project, with its seeds regenerated at scale
 * 1, 10 and 100 on PostgreSQL, 1 and 10 on PGlite, each build on an empty
 * database: wall time, peak RSS, rows per second; time should grow about
 * linearly with rows and RSS stay flat.
 */
import type { ApiChildInput, ApiChildResult } from '../child/api.js';
import type { BenchContext } from '../lib/context.js';
import { ensureData, type GeneratedData } from '../lib/data.js';
import { openEngine } from '../lib/engine.js';
import { attachProfile } from '../lib/profile.js';
import { ChildTimeout, runChild } from '../lib/proc.js';
import type { Engine, SectionReport } from '../lib/results.js';
import { median } from '../lib/stats.js';
import { ecommerceSeedProject } from './seed.js';
import type { Section } from './types.js';

interface ScaleResult {
  scale: number;
  rows: number;
  ms: number[];
  rss: number[];
  statuses: Record<string, number>;
  failures: string[];
}

async function buildOnce(
  ctx: BenchContext,
  kind: Engine,
  data: GeneratedData,
  timeoutMs: number,
  cpuProfDir?: string,
): Promise<{ ms: number; rss: number; statuses: Record<string, number>; failures: string[]; success: boolean }> {
  const engine = await openEngine(ctx, `e2e-${kind}`, kind);
  const dir = ctx.freshDir('end-to-end', `project-${kind}-${data.scale}`);
  try {
    ecommerceSeedProject(dir, data, true);
    const threads = kind === 'postgres' ? 4 : 1;
    const input: ApiChildInput = { command: 'build', projectDir: dir, target: engine.target(threads), threads };
    const r = await runChild<ApiChildResult>('api', input, { timeoutMs, cpuProfDir });
    const c = r.result.calls[0]!;
    return { ms: c.ms, rss: c.maxRssMb, statuses: c.statuses, failures: c.failures, success: c.success };
  } finally {
    await engine.dispose();
  }
}

async function engineRun(ctx: BenchContext, report: SectionReport, kind: Engine, scales: number[]): Promise<void> {
  const done: ScaleResult[] = [];
  for (const scale of scales) {
    const prev = done.at(-1);
    if (prev && scale >= 100) {
      const predicted = median(prev.ms) * (scale / prev.scale);
      if (predicted > ctx.capS * 4 * 1000) {
        report.partial(
          `${kind}: scale ${scale} not built: linear extrapolation from scale ${prev.scale} predicts ` +
            `${(predicted / 1000).toFixed(0)} s, beyond the time allowed (4 × --cap ${ctx.capS} s).`,
        );
        continue;
      }
    }
    const data = await ensureData(ctx, scale);
    const runs = scale >= 100 ? 1 : ctx.runs;
    const res: ScaleResult = { scale, rows: data.rows, ms: [], rss: [], statuses: {}, failures: [] };
    for (let i = 0; i < runs; i++) {
      ctx.log(`end to end: build at scale ${scale} on ${kind}, run ${i + 1}/${runs}`);
      try {
        // With --profile, the last repetition is profiled.
        const profDir = i === runs - 1 ? ctx.profileDir(`build-${kind}-${scale}`) : undefined;
        const b = await buildOnce(ctx, kind, data, ctx.capS * 8 * 1000, profDir);
        attachProfile(report.details, `profile_build_${kind}_${scale}`, profDir);
        res.ms.push(b.ms);
        res.rss.push(b.rss);
        res.statuses = b.statuses;
        res.failures = b.failures;
      } catch (err) {
        if (!(err instanceof ChildTimeout)) throw err;
        report.partial(`${kind}: the build at scale ${scale} did not finish within ${ctx.capS * 8} s and was stopped.`);
        break;
      }
    }
    if (res.ms.length === 0) continue;
    done.push(res);
    const label = `scale ${scale} (${data.rows.toLocaleString('en-US')} seed rows)`;
    report.measured(`e2e-${kind}-${scale}-ms`, `tsmodel build, ${label}`, 'ms', res.ms, { engine: kind });
    report.measured(`e2e-${kind}-${scale}-rss`, `tsmodel build peak RSS, scale ${scale}`, 'MB', res.rss, {
      engine: kind,
    });
    report.measured(
      `e2e-${kind}-${scale}-rows-per-s`,
      `tsmodel build throughput, scale ${scale}`,
      'rows/s',
      res.ms.map((t) => data.rows / (t / 1000)),
      { engine: kind },
    );
    if (res.failures.length > 0 || (res.statuses.error ?? 0) > 0)
      report.note(`${kind} scale ${scale}: ${JSON.stringify(res.statuses)}; ${res.failures.join(' | ')}`);
  }
  report.details[`${kind}`] = done.map((d) => ({ scale: d.scale, rows: d.rows, statuses: d.statuses }));
  for (let i = 1; i < done.length; i++) {
    const a = done[i - 1]!;
    const b = done[i]!;
    const rowsFactor = b.rows / a.rows;
    report.ratio(
      `e2e-${kind}-growth-time-${a.scale}-${b.scale}`,
      `build time growth, scale ${a.scale} → ${b.scale} (${rowsFactor.toFixed(1)}× rows)`,
      b.ms.flatMap((t) => a.ms.map((u) => t / u)),
      {
        engine: kind,
        goal: { op: '<=', value: rowsFactor * 1.2, source: 'issue 10: about linear (within 20 %)' },
      },
    );
    report.ratio(
      `e2e-${kind}-growth-rss-${a.scale}-${b.scale}`,
      `peak RSS growth, scale ${a.scale} → ${b.scale}`,
      b.rss.flatMap((t) => a.rss.map((u) => t / u)),
      {
        engine: kind,
        goal: { op: '<=', value: 1.5, source: 'issue 10: flat RSS (1.5×, as for seeds in issue 3)' },
      },
    );
  }
}

export const endToEndSection: Section = {
  name: 'end-to-end',
  title: 'end to end',
  async run(ctx, report) {
    const pgScales = ctx.quick ? [0.1, 0.5] : [1, 10, 100].filter((s) => s <= ctx.maxScale);
    const pgliteScales = ctx.quick ? [0.1] : [1, 10].filter((s) => s <= ctx.maxScale);
    if (!ctx.quick && ctx.maxScale < 100) report.partial(`scale 100 left out (--max-scale ${ctx.maxScale}).`);
    if (ctx.pg) await engineRun(ctx, report, 'postgres', pgScales);
    else report.partial(`PostgreSQL not used (${ctx.pgReason}): PGlite only.`);
    await engineRun(ctx, report, 'pglite', pgliteScales);
    report.note(
      'growth ratios compare every pair of builds of the two scales; each build starts from an empty ' +
        'database (PGlite: a copy of an initialised data folder).',
    );
  },
};
