import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import type { TsmodelErrors } from '../errors/index.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { compile } from './compile.js';
import { ls } from './ls.js';
import { build } from './run.js';

const SCHEMA = `version: 2
models:
  - name: dim_customers
    description: Customers
    latest_version: 1
    columns:
      - name: id
        data_tests: [unique]
      - name: legacy_code
        data_tests: [not_null]
    versions:
      - v: 1
        deprecation_date: 2020-01-01
      - v: 2
        description: Customers, without the legacy code
        columns:
          - include: all
            exclude: [legacy_code]
          - name: tier
            data_tests: [not_null]
`;

const FILES: Record<string, string> = {
  'project.yml': 'name: shop\n',
  'models/dim_customers_v1.sql': "{{ config(materialized='table') }}\nselect 1 as id, 'x' as legacy_code",
  'models/dim_customers_v2.sql': "{{ config(materialized='table') }}\nselect 1 as id, 'gold' as tier",
  'models/uses_latest.sql': "select legacy_code from {{ ref('dim_customers') }}",
  'models/uses_v2.sql': "select tier from {{ ref('dim_customers', v=2) }}",
  'models/uses_v1.sql': "select legacy_code from {{ ref('dim_customers', version=1) }}",
  'models/schema.yml': SCHEMA,
};

describeEachDatabase('model versions on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const opts = () => ({ projectDir: project.dir, targetConfig: db.target });

  it('builds each version as m_vN; ref() picks the latest, v= and version= a given one; tests follow the columns', async () => {
    const events = new MemorySink();
    const summary = await build({ ...opts(), adapter: db.adapter(), events });
    expect(summary.results.filter((r) => r.status !== 'success' && r.status !== 'pass')).toEqual([]);
    expect(summary.results.map((r) => r.node.uniqueId.replace(/\.[0-9a-f]{10}$/, '')).sort()).toEqual([
      'model.shop.dim_customers.v1',
      'model.shop.dim_customers.v2',
      'model.shop.uses_latest',
      'model.shop.uses_v1',
      'model.shop.uses_v2',
      'test.shop.not_null_dim_customers_v1_legacy_code',
      'test.shop.not_null_dim_customers_v2_tier',
      'test.shop.unique_dim_customers_v1_id',
      'test.shop.unique_dim_customers_v2_id',
    ]);
    const q = async (sql: string) => (await db.adapter().query(sql)).rows;
    expect(await q('select id, legacy_code from main.dim_customers_v1')).toEqual([{ id: 1, legacy_code: 'x' }]);
    expect(await q('select id, tier from main.dim_customers_v2')).toEqual([{ id: 1, tier: 'gold' }]);
    // ref('dim_customers') is the latest_version, 1 (deprecated: a warning at each ref of it).
    const warnings = events.events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []));
    expect(warnings.filter((w) => w.includes('deprecated')).sort()).toEqual([
      "models/uses_latest.sql:1: model 'uses_latest' uses version 1 of 'dim_customers', deprecated since 2020-01-01",
      "models/uses_v1.sql:1: model 'uses_v1' uses version 1 of 'dim_customers', deprecated since 2020-01-01",
    ]);
    compile(opts());
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target', 'manifest.json'), 'utf8')) as {
      nodes: Record<string, Record<string, unknown>>;
    };
    expect(manifest.nodes['model.shop.dim_customers.v2']).toMatchObject({
      name: 'dim_customers',
      version: 2,
      latest_version: 1,
      alias: 'dim_customers_v2',
      description: 'Customers, without the legacy code',
    });
    expect(Object.keys(manifest.nodes['model.shop.dim_customers.v2']!.columns as object)).toEqual(['id', 'tier']);
    expect(manifest.nodes['model.shop.uses_latest']!.depends_on).toMatchObject({
      nodes: ['model.shop.dim_customers.v1'],
    });
  });

  it('create_latest_version_view() as a post-hook publishes the latest version under the plain name', async () => {
    project.write(
      'project.yml',
      'name: shop\nmodels:\n  shop:\n    +post-hook: "{{ create_latest_version_view() }}"\n',
    );
    const q = async (sql: string) => (await db.adapter().query(sql)).rows;
    try {
      // One thread: the hook of one version and the rebuild of another would otherwise lock the view in turn.
      const first = await build({ ...opts(), threads: 1, adapter: db.adapter(), events: new MemorySink() });
      expect(first.success, JSON.stringify(first.results.filter((r) => r.error).map((r) => r.message))).toBe(true);
      expect(await q('select legacy_code from main.dim_customers')).toEqual([{ legacy_code: 'x' }]);
      // v2 becomes the latest: the plain name now reads it, on a rebuild over the existing relations.
      project.write('models/schema.yml', SCHEMA.replace('latest_version: 1', 'latest_version: 2'));
      project.write('models/uses_latest.sql', "select tier from {{ ref('dim_customers') }}");
      const second = await build({ ...opts(), threads: 1, adapter: db.adapter(), events: new MemorySink() });
      expect(
        second.success,
        JSON.stringify(
          second.results
            .filter((r) => r.status !== 'success' && r.status !== 'pass')
            .map((r) => [r.node.name, r.status, r.message]),
        ),
      ).toBe(true);
      expect(await q('select tier from main.dim_customers')).toEqual([{ tier: 'gold' }]);
    } finally {
      project.write('project.yml', FILES['project.yml']!);
      project.write('models/schema.yml', SCHEMA);
      project.write('models/uses_latest.sql', FILES['models/uses_latest.sql']!);
    }
  });

  it('version:latest|prerelease|old|none select by version', () => {
    const ids = (sel: string) =>
      ls({ ...opts(), select: [sel], resourceTypes: ['model'] })
        .map((e) => e.uniqueId)
        .sort();
    expect(ids('version:latest')).toEqual(['model.shop.dim_customers.v1']);
    expect(ids('version:prerelease')).toEqual(['model.shop.dim_customers.v2']);
    expect(ids('dim_customers')).toEqual(['model.shop.dim_customers.v1', 'model.shop.dim_customers.v2']);
    expect(ids('dim_customers.v2')).toEqual(['model.shop.dim_customers.v2']);
    expect(ids('dim_customers.v2+')).toEqual(['model.shop.dim_customers.v2', 'model.shop.uses_v2']);
    expect(ids('version:none')).toEqual(['model.shop.uses_latest', 'model.shop.uses_v1', 'model.shop.uses_v2']);
    project.write('models/schema.yml', SCHEMA.replace('latest_version: 1', 'latest_version: 2'));
    expect(ids('version:old')).toEqual(['model.shop.dim_customers.v1']);
  });

  it('a missing version, a missing file or a bad latest_version is an error at its line', () => {
    project.write('models/uses_v2.sql', "select 1 from {{ ref('dim_customers', v=3) }}");
    project.write(
      'models/schema.yml',
      SCHEMA.replace('latest_version: 1', 'latest_version: 4').replace('- v: 1', '- v: 1\n        defined_in: dim_old'),
    );
    let problems: string[] = [];
    try {
      ls(opts());
    } catch (err) {
      problems = (err as TsmodelErrors).errors.map((e) => `${e.location?.file}:${e.location?.line} ${e.message}`);
    }
    expect(problems).toEqual([
      "models/schema.yml:5 latest_version of model 'dim_customers' is 4, which is not one of its versions",
      "models/schema.yml:12 version 1 of model 'dim_customers' has no SQL file named dim_old.sql",
      "models/uses_v1.sql:1 model 'uses_v1' refers to 'dim_customers' version 1, which was not found",
      "models/uses_v2.sql:1 model 'uses_v2' refers to 'dim_customers' version 3, which was not found",
    ]);
  });
});
