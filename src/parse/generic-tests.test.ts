import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type LoadedProject } from '../api/load.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { TsmodelErrors } from '../errors/index.js';
import type { ProjectNode } from './types.js';

const TARGET = {
  type: 'pglite' as const,
  name: 'dev',
  profileName: 'shop',
  schema: 'main',
  threads: 1,
  retries: 0,
  retryDelayMs: 0,
  path: 'memory://',
};

const FILES: Record<string, string> = {
  'project.yml': `name: shop
tests:
  shop:
    staging:
      +severity: warn
`,
  'seeds/regions.csv': 'code\nA\n',
  'models/customers.sql': 'select 1 as id',
  'models/orders.sql': 'select 1 as id, 1 as customer_id',
  'models/retired.sql': `{{ config(enabled=false) }}\nselect 1 as id`,
  'models/staging/stg_x.sql': 'select 1 as id',
  'models/schema.yml': `version: 2
models:
  - name: customers
    columns:
      - name: id
        tests: [unique]
        data_tests:
          - not_null
  - name: orders
    data_tests:
      - dbt_utils.expression_is_true: {expression: "id > 0", severity: warn}
      - name: orders_small
        test_name: row_count
        max: 10
    columns:
      - name: customer_id
        data_tests:
          - relationships:
              arguments: {to: ref('customers'), field: id}
              config: {where: "id > 0", dimension: consistency}
  - name: retired
    columns:
      - name: id
        data_tests: [not_null]
seeds:
  - name: regions
    columns:
      - name: code
        data_tests: [not_null]
sources:
  - name: raw
    tables:
      - name: events
        columns:
          - name: event_id
            data_tests: [unique]
`,
  'models/staging/schema.yml': `version: 2
models:
  - name: stg_x
    columns:
      - name: id
        data_tests: [not_null]
`,
};

describe('tests declared in YAML become test nodes', () => {
  let project: ProjectFixture;
  let loaded: LoadedProject;
  const tests = () => new Map(loaded.parsed.nodes.filter((n) => n.resourceType === 'test').map((n) => [n.name, n]));
  const get = (name: string): ProjectNode => tests().get(name)!;

  beforeAll(() => {
    project = projectFixture(FILES);
    loaded = loadProject({ projectDir: project.dir, targetConfig: TARGET });
  });
  afterAll(() => project.dispose());

  it('names them as dbt does, with ids test.<project>.<name>.<hash>', () => {
    expect([...tests().keys()].sort()).toEqual([
      'dbt_utils_expression_is_true_orders_id_0',
      'not_null_customers_id',
      'not_null_regions_code',
      'not_null_stg_x_id',
      'orders_small',
      'relationships_orders_customer_id__id__ref_customers_',
      'source_unique_raw_events_event_id',
      'unique_customers_id',
    ]);
    expect(get('not_null_customers_id').uniqueId).toMatch(/^test\.shop\.not_null_customers_id\.[0-9a-f]{10}$/);
  });

  it('records what a test is attached to, its column, its arguments and where it is written', () => {
    const t = get('not_null_customers_id');
    expect(t).toMatchObject({
      attachedNode: 'model.shop.customers',
      columnName: 'id',
      originalFilePath: 'models/schema.yml',
      fqn: ['shop', 'not_null_customers_id'],
      testMetadata: {
        name: 'not_null',
        kwargs: { column_name: 'id', model: `{{ get_where_subquery(ref("customers")) }}` },
      },
      location: { file: 'models/schema.yml', line: 8 },
    });
    expect(t.dependsOn.nodes).toEqual(['model.shop.customers']);
    expect(get('unique_customers_id').location.line).toBe(6);
  });

  it('a relationships test depends on both models; arguments: and config: are read', () => {
    const t = get('relationships_orders_customer_id__id__ref_customers_');
    expect(t.dependsOn.nodes.sort()).toEqual(['model.shop.customers', 'model.shop.orders']);
    expect(t.testMetadata!.kwargs).toMatchObject({ column_name: 'customer_id', to: "ref('customers')", field: 'id' });
    expect(t.config).toMatchObject({ where: 'id > 0', dimension: 'consistency', materialized: 'test' });
  });

  it('namespaced names, test_name with a custom name, and configs next to the arguments', () => {
    const ns = get('dbt_utils_expression_is_true_orders_id_0');
    expect(ns.testMetadata).toMatchObject({
      name: 'expression_is_true',
      namespace: 'dbt_utils',
      kwargs: { expression: 'id > 0' },
    });
    expect(ns.config.severity).toBe('warn');
    expect(get('orders_small').testMetadata).toMatchObject({ name: 'row_count', kwargs: { max: 10 } });
  });

  it('tests on seeds and sources; folder config from the tests: tree', () => {
    expect(get('not_null_regions_code').dependsOn.nodes).toEqual(['seed.shop.regions']);
    expect(get('source_unique_raw_events_event_id').dependsOn.nodes).toEqual(['source.shop.raw.events']);
    expect(get('not_null_stg_x_id')).toMatchObject({
      fqn: ['shop', 'staging', 'not_null_stg_x_id'],
      config: { severity: 'warn' },
    });
  });

  it("a disabled model's tests are disabled with it", () => {
    expect(loaded.parsed.disabled.map((n) => n.name).sort()).toEqual(['not_null_retired_id', 'retired']);
  });

  it('a malformed item is a parse error at its line', () => {
    const bad = projectFixture({
      ...FILES,
      'models/schema.yml':
        'version: 2\nmodels:\n  - name: customers\n    data_tests:\n      - {unique: {}, not_null: {}}\n',
    });
    try {
      expect(() => loadProject({ projectDir: bad.dir, targetConfig: TARGET })).toThrow(TsmodelErrors);
      try {
        loadProject({ projectDir: bad.dir, targetConfig: TARGET });
      } catch (err) {
        const [e] = (err as TsmodelErrors).errors;
        expect(e!.location).toMatchObject({ file: 'models/schema.yml', line: 5 });
        expect(e!.hint).toBe('Write one test per list item: - unique, - not_null.');
      }
    } finally {
      bad.dispose();
    }
  });
});
