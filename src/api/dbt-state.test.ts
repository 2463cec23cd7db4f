import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { toErrorList } from '../errors/index.js';
import { dbtManifest, type DbtExtras, type DbtNodeSpec } from './test-support/dbt-manifest.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { ls } from './ls.js';
import { build } from './run.js';
import { readStateManifest } from './state.js';

/** A team moving over gradually: production is built by dbt, whose manifest --state and --defer read. */
const SEED = 'id,amount\r\n1,10\r\n2,20\r\n3,5\r\n';
const STG = "select id, {{ cents('amount') }} as amount from {{ ref('raw_orders') }}\n\n";
const MACRO = '{% macro cents(c) %}{{ c }}{% endmacro %}';
const SCHEMA = [
  'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null]',
  'sources:\n  - name: app\n    schema: app\n    tables:\n      - name: events\n',
].join('\n');
const ORDERS = "{{ config(materialized='table') }}\nselect id, amount * 2 as total from {{ ref('stg_orders') }}\n";
const FILES = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    +tags: [core]\nseeds:\n  shop:\n    +loaded_at_column: false\n',
  'seeds/raw_orders.csv': SEED,
  'models/stg_orders.sql': STG,
  'models/orders.sql': ORDERS,
  'models/schema.yml': SCHEMA,
  'macros/cents.sql': `${MACRO}\n`,
};

/** What dbt's manifest of the same files (built into `schema` of `database`) holds. */
function specs(schema: string, database: string): DbtNodeSpec[] {
  const at = { schema, database };
  return [
    { resourceType: 'seed', name: 'raw_orders', file: 'seeds/raw_orders.csv', contents: SEED, ...at },
    {
      resourceType: 'model',
      name: 'stg_orders',
      file: 'models/stg_orders.sql',
      contents: STG,
      configured: { tags: ['core'] },
      dependsOn: ['seed.shop.raw_orders'],
      macros: ['macro.shop.cents'],
      ...at,
    },
    {
      resourceType: 'model',
      name: 'orders',
      file: 'models/orders.sql',
      contents: ORDERS,
      configured: { tags: ['core'], materialized: 'table' },
      dependsOn: ['model.shop.stg_orders'],
      ...at,
    },
  ];
}

/** The rest of dbt's manifest of these files: the generic test (under dbt's own id), the macro, the source. */
const extras = (database: string): DbtExtras => ({
  tests: [
    { name: 'not_null_orders_id', attachedTo: 'model.shop.orders', test: 'not_null', kwargs: { column_name: 'id' } },
  ],
  macros: { 'macro.shop.cents': MACRO },
  sources: [{ source: 'app', table: 'events', schema: 'app', database }],
});

describe("state:modified against a dbt-written manifest: dbt's checksum and config rules", () => {
  let project: ProjectFixture;
  const modified = (dir: string, how = '') =>
    ls({ projectDir: project.dir, select: [`state:modified${how}`], state: join(project.dir, dir) })
      .map((e) => e.uniqueId)
      .sort();
  beforeAll(() => {
    project = projectFixture(FILES);
    for (const v of ['1.9.1', '1.12.0'])
      project.write(
        `dbt-${v}/manifest.json`,
        JSON.stringify(dbtManifest('shop', specs('analytics', 'prod'), v, extras('prod'))),
      );
  });
  afterAll(() => project.dispose());

  it('an unchanged project is unmodified in every sense (files end in newlines dbt strips)', () => {
    for (const how of ['', '.body', '.configs', '.relation', '.macros'])
      for (const v of ['1.9.1', '1.12.0']) expect([v, how, modified(`dbt-${v}`, how)]).toEqual([v, how, []]);
  });

  it('whitespace at the ends of a file is no change; inside it is, as raw_code differs', () => {
    project.write('models/stg_orders.sql', `\n  ${STG}   \n`);
    expect(modified('dbt-1.9.1')).toEqual([]);
    project.write('models/stg_orders.sql', STG.replace('select id,', 'select  id,'));
    expect(modified('dbt-1.9.1', '.body')).toEqual(['model.shop.stg_orders']);
    expect(modified('dbt-1.12.0', '.body')).toEqual(['model.shop.stg_orders']);
    project.write('models/stg_orders.sql', STG);
  });

  it("a seed's checksum: dbt 1.12 compacts whitespace, so line endings alone change it only before 1.12", () => {
    project.write('seeds/raw_orders.csv', SEED.replaceAll('\r\n', '\n'));
    expect(modified('dbt-1.9.1', '.body')).toEqual(['seed.shop.raw_orders']);
    expect(modified('dbt-1.12.0', '.body')).toEqual([]);
    project.write('seeds/raw_orders.csv', SEED.replace('3,5', '3,6'));
    expect(modified('dbt-1.12.0', '.body')).toEqual(['seed.shop.raw_orders']);
    project.write('seeds/raw_orders.csv', SEED);
  });

  it("tests are matched to dbt's by what they test; a macro's change reaches the models calling it", () => {
    expect(modified('dbt-1.9.1', '.macros')).toEqual([]);
    project.write('macros/cents.sql', MACRO.replace('{{ c }}', '{{ c }} / 100'));
    expect(modified('dbt-1.9.1', '.macros')).toEqual(['model.shop.stg_orders']);
    project.write('macros/cents.sql', MACRO);
    project.write('models/schema.yml', SCHEMA.replace('[not_null]', '[unique]'));
    const now = modified('dbt-1.9.1');
    expect(now).toHaveLength(1);
    expect(now[0]).toMatch(/^test\.shop\.unique_orders_id\./);
    project.write('models/schema.yml', SCHEMA);
  });

  it("configs: dbt's defaults and spelling are not changes; a configured value is", () => {
    // Selecting orders selects its test too (indirect selection, as in dbt).
    const withTest = ['model.shop.orders', expect.stringMatching(/^test\.shop\.not_null_orders_id\./)];
    project.write('models/orders.sql', ORDERS.replace("materialized='table'", "materialized='table', unique_key='id'"));
    expect(modified('dbt-1.9.1', '.configs')).toEqual(withTest);
    expect(modified('dbt-1.9.1', '.relation')).toEqual([]);
    project.write('models/orders.sql', ORDERS.replace("materialized='table'", "materialized='table', alias='o2'"));
    expect(modified('dbt-1.9.1', '.relation')).toEqual(withTest);
    project.write('models/orders.sql', ORDERS);
  });

  it('reads dbt manifests v10–v12 and refuses older ones with their version', () => {
    const m = dbtManifest('shop', specs('analytics', 'prod')) as { metadata: Record<string, string> };
    for (const v of ['v10', 'v11', 'v9']) {
      m.metadata.dbt_schema_version = `https://schemas.getdbt.com/dbt/manifest/${v}.json`;
      project.write(`old-${v}/manifest.json`, JSON.stringify(m));
    }
    expect(readStateManifest(join(project.dir, 'old-v10'))!.nodes.get('model.shop.orders')!.relation).toEqual({
      database: 'prod',
      schema: 'analytics',
      identifier: 'orders',
    });
    expect(readStateManifest(join(project.dir, 'old-v11'))!.producer).toBe('dbt');
    const err = (() => {
      try {
        return readStateManifest(join(project.dir, 'old-v9'));
      } catch (e) {
        return toErrorList(e)[0];
      }
    })();
    expect(err).toMatchObject({ message: expect.stringContaining('manifest/v9.json') });
  });

  it('a manifest whose fields --state cannot read is refused naming the file, the entry and the field', () => {
    const m = dbtManifest('shop', specs('analytics', 'prod')) as { nodes: Record<string, Record<string, unknown>> };
    delete m.nodes['model.shop.orders']!.schema;
    m.nodes['seed.shop.raw_orders']!.checksum = { name: 'sha256', checksum: 42 };
    project.write('damaged/manifest.json', JSON.stringify(m));
    const path = join(project.dir, 'damaged/manifest.json');
    const errors = (() => {
      try {
        return readStateManifest(join(project.dir, 'damaged'));
      } catch (e) {
        return toErrorList(e);
      }
    })();
    expect(errors).toMatchObject([
      {
        message: `--state: ${path}: nodes.seed.shop.raw_orders.checksum is {"name":"sha256","checksum":42}`,
        location: { file: path },
      },
      { message: `--state: ${path}: nodes.model.shop.orders.schema is missing`, location: { file: path } },
    ]);
  });
});

describeEachDatabase('--defer to the relations of a dbt-written manifest on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const go = (name: string) => ({ projectDir: project.dir, targetConfig: { ...db.target, name, schema: name } });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    project = projectFixture(FILES);
    // Production's relations (built here by tsmodel; dbt would have built the same ones) in schema dbtprod.
    expect((await build({ ...go('dbtprod'), adapter: db.adapter() })).success).toBe(true);
    const database = 'dbname' in db.target ? String(db.target.dbname) : 'postgres';
    project.write(
      'prod-dbt/manifest.json',
      JSON.stringify(dbtManifest('shop', specs('dbtprod', database), '1.9.1', extras(database))),
    );
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('state:modified+ --defer builds the edited model only, reading its parent from the dbt target', async () => {
    project.write('models/orders.sql', ORDERS.replace('* 2', '* 3'));
    const state = join(project.dir, 'prod-dbt');
    const res = await build({ ...go('dev'), adapter: db.adapter(), select: ['state:modified+'], defer: true, state });
    expect(res.success).toBe(true);
    expect(res.results.map((r) => r.node.name)).toEqual(['orders', 'not_null_orders_id']);
    const compiled = readFileSync(join(project.dir, 'target/compiled/shop/models/orders.sql'), 'utf8');
    expect(compiled).toContain('"dbtprod"."stg_orders"');
    const rows = await db.adapter().query('select sum(total)::int as t from dev.orders');
    expect(rows.rows).toEqual([{ t: 105 }]);
    const gone = await db.adapter().query(`select to_regclass('dev.stg_orders') is null as absent`);
    expect(gone.rows).toEqual([{ absent: true }]);
  });
});
