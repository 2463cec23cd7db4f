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
import {
  MACROS,
  modelSql,
  schemaYml,
  type FullOptions,
  type ModelSpec,
  type SyntheticOptions,
} from './synthetic-files.js';

export { modelDescription, type ModelSpec, type SyntheticOptions } from './synthetic-files.js';

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

function write(root: string, path: string, text: string, count: { files: number }): void {
  const abs = join(root, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  count.files++;
}

function plan(opts: FullOptions): ModelSpec[] {
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

/** The models of a synthetic project, each with its SQL file's text (the same for the same options). */
export function syntheticModels(options: SyntheticOptions): {
  opts: FullOptions;
  models: (ModelSpec & { sql: string })[];
  sourceTables: string[];
} {
  const opts: FullOptions = {
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
