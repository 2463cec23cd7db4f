/**
 * A deterministic synthetic tsmodel project for the benchmarks.
 *
 * layered (the default): N models in the folders a real warehouse has —
 *   models/staging/<domain>/stg_*       views over the raw source tables
 *   models/intermediate/<domain>/int_*  views (every 5th a table) joining 1–3 upstream models, with aggregates
 *   models/marts/<domain>/fct_*|dim_*   tables aggregating 1–3 upstream models
 * with a schema.yml per folder (descriptions, not_null / unique column tests),
 * a sources.yml, and a few macros every layer calls.
 *
 * wide: N independent table models, each doing the same real work over one
 * source table (for --threads 4 against --threads 1).
 *
 * Every model returns the same five columns (id, customer_id, amount,
 * category, created_at) so that any model can join any other; the source
 * tables are made by sourceSetupSql() (generate_series, no files).
 * The same options give byte-identical files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SyntheticOptions {
  /** Number of models. */
  models: number;
  shape?: 'layered' | 'wide';
  /** Random seed (default 1). */
  seed?: number;
  /** Number of raw source tables (default: min(20, ceil(models / 25)), at least 1). */
  sources?: number;
  /** Rows in each source table (default 100). */
  rowsPerSource?: number;
  /** wide shape: rows multiplied in each model (cross join with generate_series), i.e. how much work each does (default 200). */
  workFactor?: number;
  /** Project name (default "bench"). */
  name?: string;
}

export interface SyntheticProject {
  dir: string;
  models: number;
  layers: Record<'staging' | 'intermediate' | 'marts', number>;
  tables: number;
  views: number;
  /** Generic data tests declared in the YAML files. */
  tests: number;
  files: number;
  sourceTables: string[];
  /** Schema of the raw tables. */
  sourceSchema: string;
}

const DOMAINS = [
  'orders',
  'customers',
  'payments',
  'inventory',
  'shipping',
  'marketing',
  'finance',
  'support',
  'web',
  'returns',
];
const CATEGORIES = ['books', 'garden', 'toys', 'music', 'games', 'tools', 'sports', 'beauty'];

/** mulberry32: a tiny, well-mixed, seedable PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface ModelSpec {
  name: string;
  layer: 'staging' | 'intermediate' | 'marts';
  domain: string;
  materialized: 'view' | 'table';
  upstream: string[];
  source?: string;
}

const MACROS = `{#- Shared helpers of the synthetic benchmark project. -#}

{#- Money: rounded to cents. -#}
{% macro to_amount(col) -%}
round(({{ col }})::numeric, 2)
{%- endmacro %}

{#- Categories: trimmed and lower-cased; missing → 'unknown'. -#}
{% macro normalize_category(col) -%}
coalesce(nullif(lower(trim({{ col }})), ''), 'unknown')
{%- endmacro %}

{#- A safe ratio (NULL when the denominator is 0). -#}
{% macro safe_divide(a, b) -%}
({{ a }})::numeric / nullif(({{ b }})::numeric, 0)
{%- endmacro %}

{#- The later of two timestamps, NULL-tolerant. -#}
{% macro latest_of(a, b) -%}
greatest({{ a }}, {{ b }})
{%- endmacro %}
`;

function write(root: string, path: string, text: string, count: { files: number }): void {
  const abs = join(root, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  count.files++;
}

function plan(opts: Required<Omit<SyntheticOptions, 'name'>>): ModelSpec[] {
  const random = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const n = opts.models;
  const sources = Array.from({ length: opts.sources }, (_, i) => `raw_${pad(i, 3)}`);
  const width = Math.max(4, String(n).length);
  if (opts.shape === 'wide') {
    return Array.from({ length: n }, (_, i) => ({
      name: `wide_${pad(i, width)}`,
      layer: 'marts' as const,
      domain: DOMAINS[i % DOMAINS.length]!,
      materialized: 'table' as const,
      upstream: [],
      source: sources[i % sources.length]!,
    }));
  }
  const staging = Math.max(1, Math.round(n * 0.3));
  const marts = n >= 3 ? Math.max(1, Math.round(n * 0.25)) : 0;
  const intermediate = n - staging - marts;
  const out: ModelSpec[] = [];
  const stg: string[] = [];
  const int: string[] = [];
  for (let i = 0; i < staging; i++) {
    const domain = DOMAINS[i % DOMAINS.length]!;
    const name = `stg_${domain}_${pad(i, width)}`;
    out.push({
      name,
      layer: 'staging',
      domain,
      materialized: 'view',
      upstream: [],
      source: sources[i % sources.length]!,
    });
    stg.push(name);
  }
  // Upstreams lean towards recent models, so the DAG gets depth as well as width.
  const recent = (xs: string[], k: number) => xs.slice(Math.max(0, xs.length - k));
  const choose = (pool: string[], count: number): string[] => {
    const chosen = new Set<string>();
    for (let tries = 0; chosen.size < count && tries < count * 8; tries++) chosen.add(pick(pool));
    return [...chosen];
  };
  for (let i = 0; i < intermediate; i++) {
    const domain = DOMAINS[i % DOMAINS.length]!;
    const name = `int_${domain}_${pad(i, width)}`;
    const k = 1 + Math.floor(random() * 3);
    const pool = int.length > 0 && random() < 0.5 ? [...recent(int, 50), ...recent(stg, 50)] : stg;
    out.push({
      name,
      layer: 'intermediate',
      domain,
      materialized: i % 5 === 4 ? 'table' : 'view',
      upstream: choose(pool, k),
    });
    int.push(name);
  }
  for (let i = 0; i < marts; i++) {
    const domain = DOMAINS[i % DOMAINS.length]!;
    const name = `${i % 2 === 0 ? 'fct' : 'dim'}_${domain}_${pad(i, width)}`;
    const k = 1 + Math.floor(random() * 3);
    out.push({
      name,
      layer: 'marts',
      domain,
      materialized: 'table',
      upstream: choose(int.length > 0 ? [...int, ...recent(stg, 20)] : stg, k),
    });
  }
  return out;
}

function modelSql(m: ModelSpec, opts: Required<Omit<SyntheticOptions, 'name'>>, index: number): string {
  const config = `{{ config(materialized='${m.materialized}'${m.layer === 'marts' ? `, tags=['${m.domain}', 'mart']` : ''}) }}`;
  if (opts.shape === 'wide') {
    return `${config}
-- ${m.name}: the same real work on every model, independent of the others.
select
  s.customer_id as id,
  s.customer_id,
  {{ to_amount('sum(s.amount * g.n) / count(*)') }} as amount,
  {{ normalize_category('min(s.category)') }} as category,
  max(s.created_at) as created_at
from {{ source('raw', '${m.source}') }} as s
cross join generate_series(1, {{ var('work_factor', ${opts.workFactor}) }}) as g(n)
group by s.customer_id
`;
  }
  if (m.layer === 'staging') {
    return `${config}
-- ${m.name}: typed and cleaned rows of raw.${m.source}.
select
  id,
  customer_id,
  {{ to_amount('amount') }} as amount,
  {{ normalize_category('category') }} as category,
  created_at
from {{ source('raw', '${m.source}') }}
where id is not null${index % 3 === 0 ? `\n  and created_at >= timestamp '{{ var("start_date", "2020-01-01") }}'` : ''}
`;
  }
  const [base, ...others] = m.upstream;
  const aggs = others.map(
    (u, i) => `agg_${i + 1} as (
  select customer_id, sum(amount) as amount, count(*) as orders, max(created_at) as created_at
  from {{ ref('${u}') }}
  group by customer_id
)`,
  );
  const ctes = [`base as (\n  select * from {{ ref('${base}') }}\n)`, ...aggs].join(',\n');
  const joins = others
    .map((_, i) => `left join agg_${i + 1} on agg_${i + 1}.customer_id = base.customer_id`)
    .join('\n');
  if (m.layer === 'intermediate') {
    const amount = others.length
      ? `base.amount + ${others.map((_, i) => `coalesce(agg_${i + 1}.amount, 0)`).join(' + ')}`
      : 'base.amount';
    const created = others.length
      ? `{{ latest_of('base.created_at', '${others.map((_, i) => `agg_${i + 1}.created_at`).join(', ')}') }}`
      : 'base.created_at';
    return `${config}
-- ${m.name}: ${m.upstream.join(', ')} joined on customer_id.
with ${ctes}
select
  base.id,
  base.customer_id,
  {{ to_amount("${amount}") }} as amount,
  base.category,
  ${created} as created_at
from base
${joins}
`;
  }
  const amount = others.length
    ? `sum(base.amount) + ${others.map((_, i) => `coalesce(max(agg_${i + 1}.amount), 0)`).join(' + ')}`
    : 'sum(base.amount)';
  return `${config}
-- ${m.name}: per customer and category, from ${m.upstream.join(', ')}.
with ${ctes}
select
  min(base.id) as id,
  base.customer_id,
  {{ to_amount("${amount}") }} as amount,
  {{ normalize_category('base.category') }} as category,
  max(base.created_at) as created_at
from base
${joins}
group by base.customer_id, {{ normalize_category('base.category') }}
having count(*) > 0
`;
}

const DESCRIBED: Record<ModelSpec['layer'], string> = {
  staging: 'Cleaned rows',
  intermediate: 'Joined and enriched rows',
  marts: 'Aggregated rows',
};

/** A model's description, as its schema.yml gives it. */
export function modelDescription(m: ModelSpec): string {
  const from = m.upstream.length ? ` (from ${m.upstream.join(', ')})` : '';
  return `${DESCRIBED[m.layer]} of the ${m.domain} domain${from}.`;
}

function schemaYml(models: ModelSpec[]): { text: string; tests: number } {
  let tests = 0;
  const lines = ['version: 2', '', 'models:'];
  for (const m of models) {
    lines.push(`  - name: ${m.name}`);
    lines.push(`    description: "${modelDescription(m)}"`);
    lines.push('    columns:');
    lines.push('      - name: id');
    lines.push('        description: Row identifier, unique in this model.');
    lines.push('        tests: [not_null, unique]');
    lines.push('      - name: customer_id');
    lines.push('        description: The customer.');
    lines.push('        tests: [not_null]');
    lines.push('      - name: amount');
    lines.push('        description: Money, rounded to cents.');
    tests += 3;
  }
  return { text: `${lines.join('\n')}\n`, tests };
}

/** The models of a synthetic project, each with its SQL file's text (the same for the same options). */
export function syntheticModels(options: SyntheticOptions): {
  opts: Required<Omit<SyntheticOptions, 'name'>>;
  models: (ModelSpec & { sql: string })[];
  sourceTables: string[];
} {
  const opts: Required<Omit<SyntheticOptions, 'name'>> = {
    models: Math.max(1, Math.floor(options.models)),
    shape: options.shape ?? 'layered',
    seed: options.seed ?? 1,
    sources: Math.max(1, options.sources ?? Math.min(20, Math.ceil(options.models / 25))),
    rowsPerSource: options.rowsPerSource ?? 100,
    workFactor: options.workFactor ?? 200,
  };
  const models = plan(opts).map((m, i) => ({ ...m, sql: modelSql(m, opts, i) }));
  return { opts, models, sourceTables: Array.from({ length: opts.sources }, (_, i) => `raw_${pad(i, 3)}`) };
}

/** Writes the project into `dir` (emptied first). */
export function writeSyntheticProject(dir: string, options: SyntheticOptions): SyntheticProject {
  const { opts, models, sourceTables } = syntheticModels(options);
  const name = options.name ?? 'bench';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const count = { files: 0 };
  write(
    dir,
    'project.yml',
    `# Synthetic benchmark project (bench/synthetic-project.ts): ${opts.models} models, shape ${opts.shape}, seed ${opts.seed}.
name: ${name}
profile: ${name}
version: "1.0.0"
model-paths: [models]
macro-paths: [macros]
seed-paths: [seeds]
test-paths: [tests]
vars:
  start_date: '2020-01-01'
models:
  ${name}:
    staging:
      +materialized: view
    intermediate:
      +materialized: view
    marts:
      +materialized: table
`,
    count,
  );
  write(dir, 'macros/helpers.sql', MACROS, count);
  write(
    dir,
    'models/sources.yml',
    `version: 2

sources:
  - name: raw
    schema: raw
    description: Raw tables loaded by the benchmark (generate_series data).
    tables:
${sourceTables.map((t) => `      - name: ${t}\n        description: Raw rows, ${opts.rowsPerSource} of them.`).join('\n')}
`,
    count,
  );
  let tests = 0;
  const byFolder = new Map<string, ModelSpec[]>();
  models.forEach((m) => {
    const folder = opts.shape === 'wide' ? `models/wide/${m.domain}` : `models/${m.layer}/${m.domain}`;
    write(dir, `${folder}/${m.name}.sql`, m.sql, count);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), m]);
  });
  for (const [folder, ms] of [...byFolder].sort(([a], [b]) => a.localeCompare(b))) {
    const yml = schemaYml(ms);
    tests += yml.tests;
    write(dir, `${folder}/schema.yml`, yml.text, count);
  }
  const layers = { staging: 0, intermediate: 0, marts: 0 };
  for (const m of models) layers[m.layer]++;
  return {
    dir,
    models: models.length,
    layers,
    tables: models.filter((m) => m.materialized === 'table').length,
    views: models.filter((m) => m.materialized === 'view').length,
    tests,
    files: count.files,
    sourceTables,
    sourceSchema: 'raw',
  };
}

/** SQL creating the raw source tables with deterministic rows (run before `tsmodel run`). */
export function sourceSetupSql(project: SyntheticProject, rowsPerSource = 100): string {
  const customers = Math.max(1, Math.round(rowsPerSource / 4));
  const cats = `(array[${CATEGORIES.map((c) => `'${c}'`).join(', ')}])`;
  const out = [`drop schema if exists ${project.sourceSchema} cascade`, `create schema ${project.sourceSchema}`];
  project.sourceTables.forEach((t, i) => {
    out.push(`create table ${project.sourceSchema}.${t} as
select g as id, (g * 7 + ${i}) % ${customers} + 1 as customer_id, ((g * 37 + ${i * 11}) % 10000) / 100.0 as amount,
       ${cats}[(g + ${i}) % ${CATEGORIES.length} + 1] || case when g % 5 = 0 then ' ' else '' end as category,
       timestamp '2023-01-01' + ((g * 13 + ${i}) % 700) * interval '1 day' as created_at
from generate_series(1, ${rowsPerSource}) as g`);
  });
  return `${out.join(';\n')};\n`;
}
