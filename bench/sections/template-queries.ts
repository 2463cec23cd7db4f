/**
 * template queries (issue 16): the round trip of a query a template makes while it renders (run_query,
 * statement, adapter.get_columns_in_relation) through the synchronous bridge — the rendering thread waits
 * in Atomics.wait while PGlite's worker, or a worker thread with its own PostgreSQL connection, runs it —
 * against the same query through the adapter's ordinary async query() in the same run, alternating which goes
 * first. The query is `select 1`, so the figure is the bridge's own cost.
 */
import { createAdapter, openSyncDatabase } from '../../src/adapters/index.js';
import type { BenchContext } from '../lib/context.js';
import { openEngine } from '../lib/engine.js';
import type { Engine, SectionReport } from '../lib/results.js';
import { ratios } from '../lib/stats.js';
import type { Section } from './types.js';

async function measure(ctx: BenchContext, report: SectionReport): Promise<void> {
  const kinds: Engine[] = ctx.pg ? ['pglite', 'postgres'] : ['pglite'];
  if (!ctx.pg) report.partial('PostgreSQL not available: PGlite only.');
  const n = ctx.quick ? 20 : 500;
  for (const kind of kinds) {
    const engine = await openEngine(ctx, `template-queries-${kind}`, kind);
    const adapter = createAdapter(engine.target(1));
    const sync = openSyncDatabase(adapter)!;
    try {
      await adapter.query('select 1');
      sync.query('select 1'); // the PostgreSQL bridge connects on its first query
      const syncMs: number[] = [];
      const asyncMs: number[] = [];
      const timeSync = () => {
        const t = performance.now();
        for (let i = 0; i < n; i++) sync.query('select 1');
        syncMs.push((performance.now() - t) / n);
      };
      const timeAsync = async () => {
        const t = performance.now();
        for (let i = 0; i < n; i++) await adapter.query('select 1');
        asyncMs.push((performance.now() - t) / n);
      };
      for (let r = 0; r < ctx.runs; r++) {
        ctx.log(`template queries: ${n} round trips each way on ${kind}, run ${r + 1}/${ctx.runs}`);
        if (r % 2 === 0) {
          timeSync();
          await timeAsync();
        } else {
          await timeAsync();
          timeSync();
        }
      }
      report.measured(`template-query-sync-${kind}`, 'a template query (select 1), synchronous bridge', 'ms', syncMs, {
        engine: kind,
        digits: 3,
      });
      report.measured(`template-query-async-${kind}`, 'the same query, adapter.query() (async)', 'ms', asyncMs, {
        engine: kind,
        digits: 3,
      });
      report.ratio(`template-query-ratio-${kind}`, 'synchronous bridge / async query', ratios(syncMs, asyncMs), {
        engine: kind,
      });
    } finally {
      await sync.close();
      await adapter.close();
      await engine.dispose();
    }
  }
}

export const templateQueriesSection: Section = {
  name: 'template-queries',
  title: 'template queries (sync bridge)',
  run: measure,
};
