/**
 * team flow (issue 21): the example project at scale 10 built in full into a
 * "prod" target, then one production model edited and `build --select
 * state:modified+ --defer --state prod/` run into a "dev" target (same
 * database, other schemas): the time of each build and the relations each
 * created, and the slim build's time as a ratio of the full one's.
 */
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
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
const EDITED = 'models/production/prod_products.sql';

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

async function measure(ctx: BenchContext, report: SectionReport): Promise<void> {
  const engine = await openEngine(ctx, 'team-flow');
  try {
    const data = await ensureData(ctx, 10);
    const full: number[] = [];
    const slim: number[] = [];
    const relations = { full: 0, slim: 0 };
    const threads = engine.kind === 'postgres' ? 4 : 1;
    for (let i = 0; i < Math.min(ctx.runs, 2); i++) {
      const dir = ctx.freshDir('team-flow', `project-${engine.kind}-${i}`);
      ecommerceSeedProject(dir, data, true);
      writeFileSync(join(dir, 'macros/generate_schema_name.sql'), SCHEMAS);
      const base = { projectDir: dir, threads, command: 'build' as const };
      const prod = { ...engine.target(threads), name: 'prod', schema: `prod_${i}` };
      const start = await relationCount(engine);
      full.push(await buildIn(ctx, { ...base, target: prod }, `full build into prod, run ${i + 1}`));
      const afterFull = await relationCount(engine);
      cpSync(join(dir, 'target'), join(dir, 'prod-artifacts'), { recursive: true });
      appendFileSync(join(dir, EDITED), '\n-- edited in a pull request\n');
      const dev = { ...engine.target(threads), name: 'dev', schema: `dev_${i}` };
      const slimInput = { ...base, target: dev, select: ['state:modified+'], defer: true };
      slim.push(await buildIn(ctx, { ...slimInput, state: join(dir, 'prod-artifacts') }, `slim build, run ${i + 1}`));
      // Counted on the first run, on a database without the production schemas yet.
      if (i === 0)
        Object.assign(relations, { full: afterFull - start, slim: (await relationCount(engine)) - afterFull });
    }
    const on = { engine: engine.kind };
    report.measured('team-flow-full-build-ms', 'full build of the example (scale 10) into prod', 'ms', full, on);
    report.measured('team-flow-slim-build-ms', 'build -s state:modified+ --defer, one model edited', 'ms', slim, on);
    report.ratio(
      'team-flow-slim-vs-full',
      'slim build time / full build time',
      slim.flatMap((s) => full.map((f) => s / f)),
      on,
    );
    report.details.relations = relations;
    report.note(
      `relations created: full build ${relations.full}, slim build ${relations.slim} ` +
        `(edited: ${EDITED}; every other relation is read from prod through --defer).`,
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
