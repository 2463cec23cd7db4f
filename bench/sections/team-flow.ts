/**
 * team flow (issue 21): the example project at scale 10 built in full into a
 * "prod" target, then one production model edited and `build --select
 * state:modified+ --defer --state prod/` run into a "dev" target (same
 * database, other schemas): the time of each build and the relations each
 * created, and the slim build's time as a ratio of the full one's.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiChildInput, ApiChildResult } from '../child/api.js';
import type { BenchContext } from '../lib/context.js';
import { ensureData } from '../lib/data.js';
import { openEngine, type BenchEngine } from '../lib/engine.js';
import { runChild } from '../lib/proc.js';
import type { SectionReport } from '../lib/results.js';
import { ecommerceSeedProject } from './seed.js';
import type { Section } from './types.js';

/** The dev branch the README documents: custom schemas as they are on prod, prefixed by the target's elsewhere. */
const SCHEMAS = `{% macro generate_schema_name(custom_schema_name, node) -%}
{%- set custom = (custom_schema_name or '') | trim -%}
{%- if custom == '' -%}{{ target.schema }}
{%- elif target.name == 'prod' -%}{{ custom }}
{%- else -%}{{ target.schema }}_{{ custom }}{%- endif -%}
{%- endmacro %}
`;

async function relationCount(engine: BenchEngine): Promise<number> {
  const rows = await engine.query<{ n: number }>(
    `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'
        and c.relkind in ('r','v','m')`,
  );
  return rows[0]!.n;
}

async function buildIn(ctx: BenchContext, input: ApiChildInput, what: string): Promise<number> {
  ctx.log(`team flow: ${what}`);
  const r = await runChild<ApiChildResult>('api', input, { timeoutMs: ctx.capS * 8 * 1000 });
  const call = r.result.calls[0];
  if (!r.result.ok || !call) throw new Error(`${what}: ${r.result.error ?? 'no result'}`);
  if (!call.success) throw new Error(`${what} failed: ${call.failures.join(' | ')}`);
  return call.ms;
}

/** A leaf of the warehouse, and a production model most of the warehouse is built from. */
const EDITS = [
  { id: 'leaf', file: 'models/warehouse/agg_product_sales.sql' },
  { id: 'upstream', file: 'models/production/prod_products.sql' },
];

async function measure(ctx: BenchContext, report: SectionReport): Promise<void> {
  const engine = await openEngine(ctx, 'team-flow');
  try {
    const data = await ensureData(ctx, 10);
    const threads = engine.kind === 'postgres' ? 4 : 1;
    const on = { engine: engine.kind };
    const dir = ctx.freshDir('team-flow', `project-${engine.kind}`);
    ecommerceSeedProject(dir, data, true);
    writeFileSync(join(dir, 'macros/generate_schema_name.sql'), SCHEMAS);
    const base = { projectDir: dir, threads, command: 'build' as const };
    const start = await relationCount(engine);
    const prod = { ...engine.target(threads), name: 'prod', schema: 'prod' };
    const full = await buildIn(ctx, { ...base, target: prod }, 'full build into prod');
    const afterFull = await relationCount(engine);
    cpSync(join(dir, 'target'), join(dir, 'prod-artifacts'), { recursive: true });
    report.measured('team-flow-full-build-ms', 'full build of the example (scale 10) into prod', 'ms', [full], on);
    const created: Record<string, number> = { full: afterFull - start };
    for (const edit of EDITS) {
      const original = readFileSync(join(dir, edit.file), 'utf8');
      writeFileSync(join(dir, edit.file), `${original}\n-- edited in a pull request\n`);
      const before = await relationCount(engine);
      const dev = { ...engine.target(threads), name: 'dev', schema: `dev_${edit.id}` };
      const input = { ...base, target: dev, select: ['state:modified+'], defer: true };
      const ms = await buildIn(
        ctx,
        { ...input, state: join(dir, 'prod-artifacts') },
        `slim build, ${edit.file} edited`,
      );
      created[edit.id] = (await relationCount(engine)) - before;
      writeFileSync(join(dir, edit.file), original);
      const what = `build -s state:modified+ --defer, ${edit.file} edited`;
      report.measured(`team-flow-slim-${edit.id}-ms`, what, 'ms', [ms], on);
      report.ratio(`team-flow-slim-${edit.id}-vs-full`, `${what}: time / full build time`, [ms / full], on);
    }
    report.details.relations_created = created;
    report.note(
      `relations created (tables, views, partitions): full build ${created.full}; slim build with a leaf edited ` +
        `${created.leaf}, with prod_products edited ${created.upstream} (fact_sales has 25 partitions). ` +
        'Every other relation is read from prod through --defer.',
    );
  } finally {
    await engine.dispose();
  }
}

export const teamFlowSection: Section = {
  name: 'team-flow',
  title: 'Slim CI: state:modified+ --defer vs a full build',
  run: measure,
};
