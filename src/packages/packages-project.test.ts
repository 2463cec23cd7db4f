import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  describeEachDatabase,
} from '../adapters/test-support/test-databases.js';
import { deps } from '../api/deps.js';
import { loadProject } from '../api/load.js';
import { build } from '../api/run.js';
import { MemorySink } from '../events/index.js';
import { toErrorList } from '../errors/index.js';
import { bareRepo, copyFixture, startHub, tarball, tempDir, type TestHub } from './test-support/package-sources.js';

/**
 * The shop project (src/packages/__fixtures__/shop) uses the shop_utils
 * package: a two-argument ref to its model, its macro, its generic test, its
 * seed and its vars (one overridden by the root project), with folder configs
 * for it in the root project (+schema, a folder disabled). The package is
 * installed by each of the three sources, then built on each database.
 */
describe('a project using a package', () => {
  const tmp = tempDir();
  let hub: TestHub;
  const sources: Record<string, () => string> = {};
  beforeAll(async () => {
    const pkg = copyFixture('shop_utils', join(tmp.dir, 'shop_utils'));
    const repo = bareRepo(pkg, join(tmp.dir, 'git'), { subdirectory: 'shop_utils' });
    hub = await startHub({
      'acme/shop_utils': { '1.2.0': { name: 'shop_utils', tarball: tarball(pkg, 'shop-utils-1.2.0', tmp.dir) } },
    });
    sources.local = () => 'packages:\n  - local: ../shop_utils\n';
    sources.git = () => `packages:\n  - git: ${repo.url}\n    revision: v1.0\n    subdirectory: shop_utils\n`;
    sources.hub = () => 'packages:\n  - package: acme/shop_utils\n    version: [">=1.0.0", "<2.0.0"]\n';
  });
  afterAll(async () => {
    await hub.close();
    tmp.dispose();
  });

  const project = async (source: string): Promise<string> => {
    const dir = copyFixture('shop', join(tmp.dir, `shop-${source}-${Math.random().toString(36).slice(2)}`), {
      'packages.yml': sources[source]!(),
    });
    await deps({ projectDir: dir, env: { DBT_PACKAGE_HUB_URL: hub.url } });
    return dir;
  };

  it("parses the package's resources under its own name", async () => {
    const dir = await project('local');
    const { parsed, graph } = loadProject({ projectDir: dir, targetConfig: pgliteTarget(dir) });
    const ids = parsed.nodes.map((n) => n.uniqueId).sort();
    expect(ids.filter((id) => !id.startsWith('test.'))).toEqual([
      'model.shop.orders',
      'model.shop_utils.shop_calendar',
      'seed.shop_utils.shop_rates',
    ]);
    expect(ids.filter((id) => id.startsWith('test.')).map((id) => id.split('.').slice(0, 3).join('.'))).toEqual([
      'test.shop.shop_positive_orders_amount',
      'test.shop_utils.not_null_shop_calendar_day_number',
      'test.shop_utils.unique_shop_calendar_day_number',
    ]);
    const calendar = parsed.nodes.find((n) => n.name === 'shop_calendar')!;
    expect(calendar.fqn).toEqual(['shop_utils', 'shop_calendar']);
    expect(calendar.originalFilePath).toBe('dbt_packages/shop_utils/models/shop_calendar.sql');
    expect(calendar.description).toBe("One row a day, in the package's currency.");
    expect(calendar.relation).toEqual({ schema: 'main_pkg', identifier: 'shop_calendar' });
    // Folder configs: the package's (+materialized, +tags) under the root project's (+enabled: false).
    expect(parsed.disabled.map((n) => [n.uniqueId, n.config.tags])).toEqual([
      ['model.shop_utils.shop_extra', ['extra']],
    ]);
    expect([...graph.parents.get('model.shop.orders')!].sort()).toEqual([
      'model.shop_utils.shop_calendar',
      'seed.shop_utils.shop_rates',
    ]);
  });

  it("the project's macro overrides a package's of the same name; a package macro file tsmodel cannot compile is a warning", async () => {
    const dir = await project('local');
    const link = join(dir, 'dbt_packages', 'shop_utils');
    // The package is a link to tmp/shop_utils: write the broken file into a private copy instead.
    rmSync(link);
    copyFixture('shop_utils', link, { 'macros/broken.sql': '{% macro shop_broken(%}x{% endmacro %}\n' });
    mkdirSync(join(dir, 'macros'));
    writeFileSync(
      join(dir, 'macros', 'money.sql'),
      '{% macro shop_money(column, factor) %}{{ column }} * 100{% endmacro %}',
    );
    const events = new MemorySink();
    const { parsed } = loadProject({ projectDir: dir, targetConfig: pgliteTarget(dir), events });
    expect(parsed.renderer.macros.get('shop_money')?.path).toBe('macros/money.sql');
    const warnings = events.events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^dbt_packages\/shop_utils\/macros\/broken\.sql:1: package shop_utils: .*; the macros of this file are not available$/,
      ),
    ]);
  });

  it("a package's broken project file is an error at that file, inside the package's folder", () => {
    const dir = copyFixture('shop', join(tmp.dir, 'shop-broken'), {
      'dbt_packages/broken/dbt_project.yml': 'name: 1broken\n',
    });
    let err: unknown;
    try {
      loadProject({ projectDir: dir, targetConfig: pgliteTarget(dir) });
    } catch (e) {
      err = e;
    }
    const list = toErrorList(err);
    expect(list.map((e) => [e.location?.file, e.location?.line, e.message])).toEqual([
      [
        'dbt_packages/broken/dbt_project.yml',
        1,
        "package in dbt_packages/broken: name '1broken' is not a valid identifier",
      ],
    ]);
  });

  it('a ref to a package that is not there names the package', () => {
    // A project without the package installed: the two-argument ref fails with its package in the message.
    const dir = copyFixture('shop', join(tmp.dir, 'shop-missing'), {
      'models/orders.sql': "select * from {{ ref('shop_utils', 'shop_calendar') }}",
    });
    expect(() => loadProject({ projectDir: dir, targetConfig: pgliteTarget(dir) })).toThrow(
      /refers to 'shop_utils\.shop_calendar', which was not found/,
    );
  });

  it('an npm dependency holding a dbt_project.yml is a package without deps; a second package of that name is an error', async () => {
    const dir = copyFixture('shop', join(tmp.dir, 'shop-npm'), {
      'package.json': JSON.stringify({ name: 'shop', dependencies: { '@acme/shop-utils': '1.2.0', left: '1.0.0' } }),
      'node_modules/left/package.json': '{"name": "left"}',
    });
    copyFixture('shop_utils', join(dir, 'node_modules', '@acme', 'shop-utils'), {
      'package.json': '{"name": "@acme/shop-utils", "version": "1.2.0"}',
    });
    const { parsed } = loadProject({ projectDir: dir, targetConfig: pgliteTarget(dir) });
    const calendar = parsed.nodes.find((n) => n.uniqueId === 'model.shop_utils.shop_calendar')!;
    expect(calendar.originalFilePath).toBe('node_modules/@acme/shop-utils/models/shop_calendar.sql');
    expect(parsed.nodes.find((n) => n.name === 'orders')!.dependsOn.nodes.sort()).toEqual([
      'model.shop_utils.shop_calendar',
      'seed.shop_utils.shop_rates',
    ]);
    copyFixture('shop_utils', join(dir, 'dbt_packages', 'shop_utils'));
    expect(() => loadProject({ projectDir: dir, targetConfig: pgliteTarget(dir) })).toThrow(
      "the package in node_modules/@acme/shop-utils is named 'shop_utils', like dbt_packages/shop_utils",
    );
  });

  describeEachDatabase('built on %s', (kind) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await db.dispose();
    });

    it("runs the packages' on-run-start hooks (with their vars) before the project's", async () => {
      const dir = await project('local');
      const link = join(dir, 'dbt_packages', 'shop_utils');
      rmSync(link);
      const hooks = [
        'create schema if not exists {{ target.schema }}',
        'create table if not exists {{ target.schema }}.hook_log (seq serial, who text)',
        `insert into {{ target.schema }}.hook_log (who) values ('shop_utils {{ var("shop_utils_currency") }}')`,
      ];
      const pkgProject = readFileSync(join(tmp.dir, 'shop_utils', 'dbt_project.yml'), 'utf8');
      copyFixture('shop_utils', link, { 'dbt_project.yml': `${pkgProject}on-run-start: ${JSON.stringify(hooks)}\n` });
      const rootProject = readFileSync(join(dir, 'dbt_project.yml'), 'utf8');
      const rootHook = "insert into {{ target.schema }}.hook_log (who) values ('shop')";
      writeFileSync(join(dir, 'dbt_project.yml'), `${rootProject}on-run-start: [${JSON.stringify(rootHook)}]\n`);
      const summary = await build({ projectDir: dir, targetConfig: db.target, adapter: db.adapter(), threads: 1 });
      expect(summary.success).toBe(true);
      const log = await db.adapter().query(`select who from "${db.target.schema}".hook_log order by seq`);
      expect(log.rows.map((r) => r.who)).toEqual(['shop_utils USD', 'shop']);
      await db.adapter().query(`drop table "${db.target.schema}".hook_log`);
    });

    it.each(['local', 'git', 'hub'])(
      'installed by %s: seeds, models and tests of both, with the vars',
      async (source) => {
        const dir = await project(source);
        // One thread: rebuilt in parallel on PostgreSQL, the seed's swap (recreating the dependent view orders) and
        // the replacement of the view shop_calendar can deadlock (40P01) — a problem of concurrent rebuilds, reported
        // to the lead, not of packages.
        const summary = await build({
          projectDir: dir,
          targetConfig: db.target,
          adapter: db.adapter(),
          fullRefresh: true,
          threads: 1,
        });
        expect(summary.results.filter((r) => r.status !== 'success' && r.status !== 'pass')).toEqual([]);
        expect(summary.results.length).toBe(6);
        const schema = db.target.schema;
        const rows = (await db.adapter().query(`select * from "${schema}".orders order by day_number`)).rows;
        // The factor 2 is the package's own var; currency USD the root project's override of the package's EUR.
        expect(rows.map((r) => [r.day_number, Number(r.amount), r.currency, Number(r.rate)])).toEqual([
          [1, 2, 'USD', 1.5],
          [2, 4, 'USD', 1.5],
          [3, 6, 'USD', 1.5],
        ]);
        const views = await db
          .adapter()
          .query(
            `select table_schema, table_name from information_schema.tables where table_name in ('shop_calendar', 'shop_extra')`,
          );
        expect(views.rows).toEqual([{ table_schema: `${schema}_pkg`, table_name: 'shop_calendar' }]);
      },
    );
  });
});

function pgliteTarget(dir: string) {
  return {
    name: 'embedded',
    profileName: 'shop',
    type: 'pglite' as const,
    schema: 'main',
    threads: 1,
    retries: 0,
    retryDelayMs: 0,
    path: join(dir, '.pglite'),
  };
}
