import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { build, run } from './run.js';
import { clone } from './clone.js';
import { compile } from './compile.js';
import { toErrorList } from '../errors/index.js';

const ORDERS = (factor: number) =>
  `{{ config(materialized='table') }}\nselect id, amount * ${factor} as total from {{ ref('stg_orders') }}`;

const FILES = {
  'project.yml': 'name: shop\n',
  'seeds/raw_orders.csv': 'id,amount\n1,10\n2,20\n3,5\n',
  'models/stg_orders.sql': `select id, amount from {{ ref('raw_orders') }}`,
  'models/orders.sql': ORDERS(2),
  'models/report.sql': `select count(*)::int as n, sum(total)::int as total from {{ ref('orders') }}`,
  'models/orders_incr.sql':
    "{{ config(materialized='incremental', unique_key='id') }}\nselect id, amount from {{ ref('stg_orders') }}",
  'models/schema.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null, unique]\n',
};

/** Every relation of a schema with its kind, definition (views) and rows: what "untouched" compares. */
async function schemaContents(db: TestDatabase, schema: string): Promise<string> {
  const q = (sql: string, p?: unknown[]) =>
    db
      .adapter()
      .query(sql, p)
      .then((r) => r.rows);
  const rels = await q(
    `select c.relname::text as name, c.relkind::text as kind,
            case when c.relkind = 'v' then pg_get_viewdef(c.oid) end as def
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r','v','m') order by 1`,
    [schema],
  );
  const out: unknown[] = [];
  for (const r of rels) out.push(r, await q(`select * from "${schema}"."${String(r.name)}" order by 1`));
  return JSON.stringify(out);
}

describeEachDatabase('team workflow: a dev schema deferring to prod, clones, slim builds on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const target = (name: string) => ({ ...db.target, name, schema: name });
  const st = (dir: string) => join(project.dir, dir);
  const go = <T extends object>(name: string, extra: T = {} as T) => ({
    projectDir: project.dir,
    targetConfig: target(name),
    adapter: db.adapter(),
    ...extra,
  });
  const rows = (sql: string) =>
    db
      .adapter()
      .query(sql)
      .then((r) => r.rows);
  let prodBefore = '';

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(FILES);
    expect((await build(go('prod'))).success).toBe(true);
    cpSync(join(project.dir, 'target'), join(project.dir, 'prod-artifacts'), { recursive: true });
    prodBefore = await schemaContents(db, 'prod');
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('slim build: state:modified+ --defer builds the edited model and what it feeds, reading prod', async () => {
    project.write('models/orders.sql', ORDERS(3));
    const res = await build(go('dev', { select: ['state:modified+'], defer: true, state: st('prod-artifacts') }));
    expect(res.success).toBe(true);
    expect(res.results.map((r) => r.node.name).sort()).toEqual([
      'not_null_orders_id',
      'orders',
      'report',
      'unique_orders_id',
    ]);
    expect(await rows('select * from dev.report')).toEqual([{ n: 3, total: 105 }]);
    // The unchanged parent was read from prod, not built here.
    expect(await rows(`select to_regclass('dev.stg_orders') is null as absent`)).toEqual([{ absent: true }]);
    const compiled = readFileSync(join(project.dir, 'target/compiled/shop/models/orders.sql'), 'utf8');
    expect(compiled).toContain('"prod"."stg_orders"');
    expect(await schemaContents(db, 'prod')).toBe(prodBefore);
    const rr = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8'));
    expect(rr.args).toMatchObject({ defer: true, defer_state: st('prod-artifacts') });
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.stg_orders'].defer_relation).toMatchObject({
      schema: 'prod',
      alias: 'stg_orders',
      relation_name: '"prod"."stg_orders"',
    });
    expect(manifest.nodes['model.shop.orders'].defer_relation).toBeUndefined();
  });

  it('without --defer the same slim build fails: the parent is not in the dev schema', async () => {
    const res = await run(go('dev_nodefer', { select: ['orders'] }));
    expect(res.success).toBe(false);
    expect(res.results[0]!.message).toMatch(/stg_orders/);
  });

  it('a parent the target has is read from the target, unless --favor-state', async () => {
    await run(go('dev_own', { select: ['stg_orders'], defer: true, state: st('prod-artifacts') }));
    await run(go('dev_own', { select: ['orders'], defer: true, state: st('prod-artifacts') }));
    const sql = () => readFileSync(join(project.dir, 'target/compiled/shop/models/orders.sql'), 'utf8');
    expect(sql()).toContain('"dev_own"."stg_orders"');
    await run(go('dev_own', { select: ['orders'], defer: true, favorState: true, state: st('prod-artifacts') }));
    expect(sql()).toContain('"prod"."stg_orders"');
  });

  it('compile --defer writes the deferred relation without a database', () => {
    const res = compile({
      projectDir: project.dir,
      targetConfig: target('dev_compile'),
      select: ['orders'],
      defer: true,
      state: st('prod-artifacts'),
    });
    expect(res.compiled[0]!.sql).toContain('"prod"."stg_orders"');
  });

  it('a deferred relation missing in the state target is an error naming both', async () => {
    const path = join(project.dir, 'prod-artifacts/manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.nodes['model.shop.stg_orders'].schema = 'gone';
    cpSync(join(project.dir, 'prod-artifacts'), join(project.dir, 'broken-state'), { recursive: true });
    writeFileSync(join(project.dir, 'broken-state/manifest.json'), JSON.stringify(manifest));
    const err = await run(go('dev_broken', { select: ['orders'], defer: true, state: st('broken-state') })).catch(
      (e: unknown) => toErrorList(e)[0],
    );
    expect(err).toMatchObject({ message: expect.stringMatching(/dev_broken\.stg_orders.*gone\.stg_orders/) });
    // Refused before anything was created: not even the schema.
    expect(await rows(`select count(*)::int as n from pg_namespace where nspname = 'dev_broken'`)).toEqual([{ n: 0 }]);
  });

  it('a --state manifest of a version tsmodel cannot read is refused with its version', async () => {
    project.write(
      'old-dbt/manifest.json',
      JSON.stringify({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v7.json' } }),
    );
    const err = await run(go('dev_old', { select: ['orders'], defer: true, state: st('old-dbt') })).catch(
      (e: unknown) => toErrorList(e)[0]!,
    );
    expect((err as Error).message).toContain('manifest/v7.json');
  });

  it("--defer refuses to build into the state target's relations", async () => {
    const err = await run(go('prod_twin', { select: ['orders'], defer: true, state: st('prod-artifacts') }))
      .then(() => undefined)
      .catch((e: unknown) => toErrorList(e)[0]!);
    expect(err).toBeUndefined(); // another schema: nothing clashes
    const clash = await run({
      projectDir: project.dir,
      targetConfig: { ...target('prod'), name: 'dev_same_schema' },
      adapter: db.adapter(),
      select: ['orders'],
      defer: true,
      state: st('prod-artifacts'),
    }).catch((e: unknown) => toErrorList(e)[0]!);
    expect((clash as Error).message).toMatch(/orders would be built into prod\.orders.*target 'prod'/);
    expect(await schemaContents(db, 'prod')).toBe(prodBefore);
  });

  it('clone: views over prod (incremental as a table), then run -s one model works', async () => {
    const res = await clone(go('dev_clone', { state: st('prod-artifacts') }));
    expect(res.success).toBe(true);
    const kinds = await rows(
      `select c.relname::text as name, c.relkind::text as kind from pg_class c
         join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'dev_clone' and c.relkind in ('r','v')
        order by 1`,
    );
    expect(kinds).toEqual([
      { name: 'orders', kind: 'v' },
      { name: 'orders_incr', kind: 'r' },
      { name: 'raw_orders', kind: 'v' },
      { name: 'report', kind: 'v' },
      { name: 'stg_orders', kind: 'v' },
    ]);
    expect(await rows('select count(*)::int as n from dev_clone.orders_incr')).toEqual([{ n: 3 }]);
    const again = await clone(go('dev_clone', { state: st('prod-artifacts') }));
    expect(again.results.every((r) => r.action === 'skipped')).toBe(true);
    const ran = await run(go('dev_clone', { select: ['orders', 'orders_incr'] }));
    expect(ran.success).toBe(true);
    expect(await rows('select sum(total)::int as t from dev_clone.orders')).toEqual([{ t: 105 }]);
    expect(await schemaContents(db, 'prod')).toBe(prodBefore);
  });

  it('clone --copy --full-refresh replaces what exists with real tables', async () => {
    const res = await clone(
      go('dev_clone', { state: st('prod-artifacts'), copy: true, fullRefresh: true, select: ['report'] }),
    );
    expect(res.results.map((r) => [r.node.name, r.action])).toEqual([['report', 'table']]);
    expect(await rows('select * from dev_clone.report')).toEqual([{ n: 3, total: 70 }]);
    expect(await schemaContents(db, 'prod')).toBe(prodBefore);
  });
});
