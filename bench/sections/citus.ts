/**
 * Citus (issue 11): `tsmodel build` of the e-commerce project on a Citus
 * cluster (TSMODEL_BENCH_CITUS_URL: the coordinator; the build drops and
 * rebuilds the project's schemas in that database) against the same build on
 * one PostgreSQL server, and a dashboard query on each. On one two-core
 * machine, workers show correctness, not speed-up: the figures say so.
 */
import pg from 'pg';
import type { TargetConfig } from '../../src/config/index.js';
import { targetFromUrl } from '../../src/adapters/test-support/test-databases.js';
import type { ApiChildInput, ApiChildResult } from '../child/api.js';
import type { BenchContext } from '../lib/context.js';
import { ensureData } from '../lib/data.js';
import { openEngine } from '../lib/engine.js';
import { runChild } from '../lib/proc.js';
import type { SectionReport } from '../lib/results.js';
import { ecommerceSeedProject } from './seed.js';
import type { Section } from './types.js';

const DASHBOARD = `select d.year_month, sum(f.line_total) as revenue, count(distinct f.transaction_id) as orders
from warehouse.fact_sales f join warehouse.dim_date d on d.date_sk = f.date_sk group by d.year_month order by 1`;

async function timeQuery(target: TargetConfig & { host?: string }, runs: number): Promise<number[]> {
  const t = target as { host: string; port: number; user: string; dbname: string; password?: string };
  const client = new pg.Client({ host: t.host, port: t.port, user: t.user, database: t.dbname, password: t.password });
  await client.connect();
  try {
    await client.query(DASHBOARD); // warm
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await client.query(DASHBOARD);
      out.push(performance.now() - start);
    }
    return out;
  } finally {
    await client.end();
  }
}

async function buildOn(ctx: BenchContext, target: TargetConfig, dir: string): Promise<number> {
  const input: ApiChildInput = { command: 'build', projectDir: dir, target, threads: 4 };
  const r = await runChild<ApiChildResult>('api', input, { timeoutMs: ctx.capS * 8 * 1000 });
  const c = r.result.calls[0]!;
  if (!c.success) throw new Error(`build failed: ${c.failures.join(' | ')}`);
  return c.ms;
}

async function measure(ctx: BenchContext, report: SectionReport): Promise<void> {
  const url = process.env.TSMODEL_BENCH_CITUS_URL;
  if (!url || !ctx.pg) {
    report.partial(
      !url
        ? 'no Citus cluster: set TSMODEL_BENCH_CITUS_URL to a coordinator (see README, Scaling out)'
        : 'PostgreSQL not available for the comparison',
    );
    return;
  }
  const citus: TargetConfig = { ...targetFromUrl(url), type: 'citus', name: 'citus', threads: 4 };
  const scale = ctx.quick ? 1 : 100;
  const data = await ensureData(ctx, scale);
  const label = `scale ${scale} (${data.rows.toLocaleString('en-US')} seed rows)`;
  const dropSchemas = async () => {
    const t = citus as { host: string; port: number; user: string; dbname: string };
    const c = new pg.Client({ host: t.host, port: t.port, user: t.user, database: t.dbname });
    await c.connect();
    await c.query(
      'drop schema if exists staging cascade; drop schema if exists production cascade; drop schema if ' +
        'exists warehouse cascade; drop schema if exists main cascade',
    );
    await c.end();
  };
  await dropSchemas();
  const citusDir = ctx.freshDir('citus', 'project-citus');
  ecommerceSeedProject(citusDir, data, true);
  ctx.log(`citus: build at ${label} on the cluster`);
  const citusMs = await buildOn(ctx, citus, citusDir);
  const engine = await openEngine(ctx, 'citus-postgres', 'postgres');
  try {
    const pgDir = ctx.freshDir('citus', 'project-postgres');
    ecommerceSeedProject(pgDir, data, true);
    ctx.log(`citus: the same build on one PostgreSQL server`);
    const pgMs = await buildOn(ctx, engine.target(4), pgDir);
    report.measured(`citus-build-ms`, `tsmodel build on Citus (coordinator + workers), ${label}`, 'ms', [citusMs], {
      note: 'workers on one machine: correctness, not speed-up',
    });
    report.measured(`citus-postgres-build-ms`, `tsmodel build on one PostgreSQL server, ${label}`, 'ms', [pgMs]);
    report.ratio(`citus-build-ratio`, 'build: Citus / PostgreSQL', [citusMs / pgMs]);
    const runs = ctx.quick ? 2 : 5;
    const qc = await timeQuery(citus, runs);
    const qp = await timeQuery(engine.target(1), runs);
    report.measured(`citus-dashboard-ms`, 'dashboard query (revenue per month) on Citus', 'ms', qc);
    report.measured(`citus-postgres-dashboard-ms`, 'the same query on PostgreSQL', 'ms', qp);
  } finally {
    await engine.dispose();
  }
}

export const citusSection: Section = { name: 'citus', title: 'Citus (distributed PostgreSQL)', run: measure };
