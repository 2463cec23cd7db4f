import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  targetFromUrl,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { build } from './run.js';
import { docsGenerate } from './docs.js';
import { pathToFileURL } from 'node:url';
import { launchBrowser, openPage } from '../docs/test-support/browser.js';

const FILES = {
  'project.yml': 'name: shop\n',
  'seeds/raw_orders.csv': 'id,amount\n1,10\n2,20\n3,5\n',
  'models/stg_orders.sql': `select id, amount from {{ ref('raw_orders') }}`,
  'models/orders.sql':
    "{{ config(materialized='table') }}\n" + `select id, amount * 2 as total from {{ ref('stg_orders') }}`,
  'models/sources.yml': 'sources:\n  - name: ext\n    schema: ext_data\n    tables:\n      - name: rates\n',
  'models/rates.sql': `select code from {{ source('ext', 'rates') }}`,
};

// dbt's catalog v1 (schemas.getdbt.com/dbt/catalog/v1.json) allows these keys and no others.
const KEYS = {
  top: ['errors', 'metadata', 'nodes', 'sources'],
  table: ['columns', 'metadata', 'stats', 'unique_id'],
  tableMeta: ['comment', 'database', 'name', 'owner', 'schema', 'type'],
  column: ['comment', 'index', 'name', 'type'],
  stat: ['description', 'id', 'include', 'label', 'value'],
};

describeEachDatabase('docs generate: catalog.json and deferred parents on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const go = (name: string, extra: object = {}) => ({
    projectDir: project.dir,
    targetConfig: { ...db.target, name, schema: name },
    adapter: db.adapter(),
    ...extra,
  });
  const catalogJson = () => JSON.parse(readFileSync(join(project.dir, 'target/catalog.json'), 'utf8'));

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(FILES);
    const q = (sql: string) => db.adapter().query(sql);
    await q('create schema ext_data');
    await q('create table ext_data.rates (code text not null, rate numeric(10,4))');
    await q("comment on table ext_data.rates is 'Exchange rates'");
    await q("comment on column ext_data.rates.rate is 'per euro'");
    expect((await build(go('prod'))).success).toBe(true);
    cpSync(join(project.dir, 'target'), join(project.dir, 'prod-artifacts'), { recursive: true });
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it("writes target/catalog.json in dbt's catalog v1 shape, from the database", async () => {
    await docsGenerate(go('prod'));
    const c = catalogJson();
    expect(Object.keys(c).sort()).toEqual(KEYS.top);
    expect(c.metadata).toMatchObject({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json' });
    expect(c.errors).toBeNull();
    expect(Object.keys(c.nodes).sort()).toEqual([
      'model.shop.orders',
      'model.shop.rates',
      'model.shop.stg_orders',
      'seed.shop.raw_orders',
    ]);
    const orders = c.nodes['model.shop.orders'];
    expect(Object.keys(orders).sort()).toEqual(KEYS.table);
    expect(Object.keys(orders.metadata).sort()).toEqual(KEYS.tableMeta);
    expect(orders.metadata).toMatchObject({ type: 'BASE TABLE', schema: 'prod', name: 'orders', comment: null });
    expect(typeof orders.metadata.owner).toBe('string');
    expect(orders.columns.id).toEqual({ type: 'integer', index: 1, name: 'id', comment: null });
    expect(Object.keys(orders.columns)).toEqual(['id', 'total']);
    expect(orders.stats.has_stats.value).toBe(true);
    expect(orders.stats.num_bytes.value).toBeGreaterThan(0);
    for (const s of Object.values(orders.stats)) expect(Object.keys(s as object).sort()).toEqual(KEYS.stat);
    const view = c.nodes['model.shop.stg_orders'];
    expect(view.metadata.type).toBe('VIEW');
    expect(view.stats).toEqual({
      has_stats: expect.objectContaining({ id: 'has_stats', value: false, include: false }),
    });
    expect(Object.keys(c.sources)).toEqual(['source.shop.ext.rates']);
    const rates = c.sources['source.shop.ext.rates'];
    expect(rates.unique_id).toBe('source.shop.ext.rates');
    expect(rates.metadata).toMatchObject({ schema: 'ext_data', name: 'rates', comment: 'Exchange rates' });
    expect(rates.columns).toEqual({
      code: { type: 'text', index: 1, name: 'code', comment: null },
      rate: { type: 'numeric(10,4)', index: 2, name: 'rate', comment: 'per euro' },
    });
  });

  it('a relation not built in the target is left out of the catalog', async () => {
    await docsGenerate(go('empty_target'));
    const c = catalogJson();
    expect(Object.keys(c.nodes)).toEqual([]);
    expect(Object.keys(c.sources)).toEqual(['source.shop.ext.rates']);
  });

  it('after a --defer build, the docs mark the parents read from the state', async () => {
    const st = join(project.dir, 'prod-artifacts');
    const res = await build(go('dev', { select: ['orders'], defer: true, state: st }));
    expect(res.success).toBe(true);
    const { data, path } = await docsGenerate(go('dev'));
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    expect(byId.get('model.shop.stg_orders')!.deferredFrom).toBe('prod.stg_orders');
    expect(byId.get('model.shop.orders')!.deferredFrom).toBeUndefined();
    expect(byId.get('seed.shop.raw_orders')!.deferredFrom).toBeUndefined();
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('prod.stg_orders');
    // dev's catalog holds what dev built: orders, not the deferred parent.
    expect(Object.keys(catalogJson().nodes)).toEqual(['model.shop.orders']);
    // The page: the deferred parent is drawn dashed in the lineage and says where it was read from.
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser, pathToFileURL(path).href);
      const deferredNodes = await page.$$eval('svg .node.deferred', (els) => els.map((e) => e.getAttribute('data-id')));
      expect(deferredNodes).toEqual(['model.shop.stg_orders']);
      expect(await page.locator('.legend-deferred').count()).toBe(1);
      await page.evaluate(() => (location.hash = '#/node/model.shop.stg_orders'));
      await page.waitForSelector('.node-page[data-id="model.shop.stg_orders"]');
      expect(await page.textContent('.node-page .deferred-from')).toBe('prod.stg_orders (deferred)');
      expect(await page.locator('.node-page .badge.deferred').count()).toBe(1);
      await page.evaluate(() => (location.hash = '#/node/model.shop.orders'));
      await page.waitForSelector('.node-page[data-id="model.shop.orders"]');
      expect(await page.locator('.node-page .deferred-from').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('docs generate without a reachable target', () => {
  it('writes the docs and says why there is no catalog.json', async () => {
    const project = projectFixture(FILES);
    try {
      project.write('target/catalog.json', '{"stale": true}');
      const events = new MemorySink();
      const targetConfig = { ...targetFromUrl('postgres://nobody@127.0.0.1:1/none'), connectTimeoutMs: 2000 };
      const { path } = await docsGenerate({ projectDir: project.dir, targetConfig, events });
      expect(existsSync(path)).toBe(true);
      expect(existsSync(join(project.dir, 'target/catalog.json'))).toBe(false);
      expect(JSON.stringify(events.events)).toMatch(/No catalog.json: could not read the catalog of target test/);
      expect(JSON.stringify(events.events)).toMatch(/Removed the earlier target\/catalog.json/);
    } finally {
      project.dispose();
    }
  });
});
