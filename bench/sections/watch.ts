/**
 * watch (issue 7): time from a model file's write to the rebuilt model and its
 * one downstream model committed, in a running watch session, over 20 edits
 * (5 with --quick), on PGlite and on PostgreSQL, against the absolute
 * goals (p50 < 300 ms, p95 < 600 ms); the per-edit parse time shows how much
 * of it is tsmodel's own work.
 */
import { measureWatchLatency } from '../watch/measure.js';
import type { BenchContext } from '../lib/context.js';
import { openEngine } from '../lib/engine.js';
import type { SectionReport } from '../lib/results.js';
import type { Engine } from '../lib/results.js';
import type { Section } from './types.js';

async function measure(ctx: BenchContext, report: SectionReport): Promise<void> {
  const kinds: Engine[] = ctx.pg ? ['pglite', 'postgres'] : ['pglite'];
  if (!ctx.pg) report.partial('PostgreSQL not available: PGlite only.');
  for (const kind of kinds) {
    const engine = await openEngine(ctx, `watch-${kind}`, kind);
    try {
      ctx.log(`watch: ${ctx.quick ? 5 : 20} edits on ${kind}`);
      const r = await measureWatchLatency({ targetConfig: engine.target(1), edits: ctx.quick ? 5 : 20 });
      const goal50 = { op: '<=' as const, value: 300, source: 'issue 7: p50 under 300 ms' };
      const goal95 = { op: '<=' as const, value: 600, source: 'issue 7: p95 under 600 ms' };
      report.measured(
        `watch-p50-${kind}`,
        `edit → model + downstream committed, p50 (${r.samples.length} edits)`,
        'ms',
        [r.p50],
        { engine: kind, goal: goal50 },
      );
      report.measured(
        `watch-p95-${kind}`,
        `edit → model + downstream committed, p95 (${r.samples.length} edits)`,
        'ms',
        [r.p95],
        { engine: kind, goal: goal95 },
      );
      report.measured(`watch-parse-${kind}`, 're-read and re-parse per edit', 'ms', r.parseMs, { engine: kind });
    } finally {
      await engine.dispose();
    }
  }
}

export const watchSection: Section = { name: 'watch', title: 'watch mode', run: measure };
