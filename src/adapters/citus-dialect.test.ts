/**
 * The exact SQL the Citus flavour emits per materialization, without a
 * cluster: a small project is loaded with a citus target, each model planned
 * from hand-made database state, and the plan compared with a golden file in
 * __golden__/citus/ (rewrite them with UPDATE_GOLDEN=1, then read the diff).
 * Models without distribution settings must plan exactly as on PostgreSQL.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, type LoadedProject } from '../api/load.js';
import { Compiler } from '../compile/index.js';
import type { PostgresTarget } from '../config/types.js';
import { MaterializationRegistry, type MaterializeInput, type Plan } from '../materialize/index.js';
import { projectFixture } from '../api/test-support/project-fixture.js';
import { planGolden } from '../materialize/test-support/plan-golden.js';
import { CitusDialect, SEQUENTIAL } from './citus-dialect.js';
import { dialectFor } from './factory.js';
import type { Dependents } from './introspect.js';
import { PostgresDialect } from './postgres-dialect.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__', 'citus');
const NO_DEPENDENTS: Dependents = { views: [], foreignKeys: [] };

const CITUS_TARGET: PostgresTarget = {
  type: 'citus',
  name: 'citus',
  profileName: 'shop',
  schema: 'main',
  threads: 4,
  retries: 0,
  retryDelayMs: 0,
  host: '127.0.0.1',
  port: 9700,
  user: 'root',
  dbname: 'shop',
  source: 'profile',
};

const SCHEMA_YML = `version: 2
models:
  - name: dim_date
    columns:
      - name: date_sk
        constraints: [{type: primary_key}]
  - name: fact_sales
    columns:
      - name: date_sk
        constraints: [{type: foreign_key, to: "ref('dim_date')", to_columns: [date_sk]}]
  - name: contracted
    config: {contract: {enforced: true}}
    columns:
      - {name: customer_id, data_type: text, constraints: [{type: not_null}]}
      - {name: item_id, data_type: integer}
      - {name: amount, data_type: numeric}
    constraints:
      - {type: primary_key, columns: [customer_id, item_id]}
`;

const fixture = projectFixture({
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/stg_sales.sql':
    `{{ config(materialized='view') }}\nselect 1 as item_id, 'C1' as customer_id, ` +
    `20240105 as date_sk, date '2024-01-05' as sale_date, 10.0 as amount`,
  'models/dim_date.sql': `{{ config(reference=true, indexes=[{'columns': ['year']}]) }}\nselect 20240105 as date_sk, 2024 as year`,
  'models/dim_customers.sql':
    `{{ config(materialized='snapshot', unique_key='customer_id', ` +
    `strategy='check', reference=true, indexes=[{'columns': ['customer_id']}]) }}\n` +
    `select 'C1' as customer_id, 'Paris' as city`,
  'models/fact_sales.sql':
    `{{ config(partition_by={'field': 'sale_date', 'granularity': 'month'}, ` +
    `distributed_by='customer_id', indexes=[{'columns': ['date_sk']}]) }}\n` +
    `select * from {{ ref('stg_sales') }}`,
  'models/agg_customers.sql':
    `{{ config(distributed_by='customer_id', colocate_with='fact_sales', ` +
    `indexes=[{'columns': ['customer_id'], 'unique': true}]) }}\n` +
    `select customer_id, sum(amount) as revenue from {{ ref('fact_sales') }} group by customer_id`,
  'models/orders.sql':
    `{{ config(materialized='incremental', unique_key='item_id', ` +
    `distributed_by='customer_id', shard_count=8) }}\nselect item_id, customer_id, amount from ` +
    `{{ ref('stg_sales') }}{% if is_incremental() %}\nwhere item_id > (select max(item_id) from ` +
    '{{ this }}){% endif %}',
  'models/contracted.sql': `{{ config(distributed_by='customer_id') }}\nselect customer_id, item_id, amount from {{ ref('stg_sales') }}`,
  'models/local_summary.sql': `{{ config(indexes=[{'columns': ['n']}]) }}\nselect count(*) as n from {{ ref('stg_sales') }}`,
  'models/schema.yml': SCHEMA_YML,
});
afterAll(() => fixture.dispose());

const project: LoadedProject = loadProject({ projectDir: fixture.dir, targetConfig: CITUS_TARGET, env: {} });
const registry = new MaterializationRegistry();
const citus = dialectFor(CITUS_TARGET, [...project.graph.nodes.values()]);
const compilers = {
  first: new Compiler({
    graph: project.graph,
    parseEnv: project.parsed.parseEnv,
    fullRefresh: false,
    relationExists: () => false,
  }),
  later: new Compiler({
    graph: project.graph,
    parseEnv: project.parsed.parseEnv,
    fullRefresh: false,
    relationExists: () => true,
  }),
};

function nodeOf(name: string) {
  const node = [...project.graph.nodes.values()].find((n) => n.name === name && n.resourceType === 'model');
  if (!node) throw new Error(`no model ${name}`);
  return node;
}

function plan(name: string, over: Partial<MaterializeInput> = {}, dialect: PostgresDialect = citus): Plan {
  const node = nodeOf(name);
  const compiler = over.incremental ? compilers.later : compilers.first;
  const c = compiler.compile(node.uniqueId);
  const input: MaterializeInput = {
    node,
    relation: node.relation!,
    compiledSql: c.compiledSql,
    preHooks: c.preHooks,
    postHooks: c.postHooks,
    constraints: c.constraints,
    dependents: NO_DEPENDENTS,
    incremental: false,
    runSuffix: 'abc123',
    dialect,
    callMacro: (macro, args) => compiler.callMacro(node.uniqueId, macro, args),
    runTime: '2024-12-27T00:00:00.000Z',
    ...over,
  };
  return registry.get(node.config.materialized).plan(input);
}

const expectGolden = planGolden(GOLDEN);

const SALES_COLUMNS = [
  { name: 'customer_id', type: 'text' },
  { name: 'item_id', type: 'integer' },
  { name: 'amount', type: 'numeric' },
];

describe('the dialect of a target', () => {
  it('is PostgreSQL for postgres and pglite, the Citus flavour for citus', () => {
    expect(dialectFor({ type: 'postgres' })).toBeInstanceOf(PostgresDialect);
    expect(dialectFor({ type: 'postgres' })).not.toBeInstanceOf(CitusDialect);
    expect(dialectFor({ type: 'pglite' })).not.toBeInstanceOf(CitusDialect);
    expect(dialectFor({ type: 'citus' })).toBeInstanceOf(CitusDialect);
    expect(citus.name).toBe('citus');
  });
});

describe('Citus plans (golden SQL)', () => {
  it('reference table: created empty, made a reference table, then filled; keys and indexes after', () => {
    expectGolden('reference-table-first-build', plan('dim_date'));
  });

  it('reference table rebuild: the swap, then the distributed table’s foreign key recreated', () => {
    const p = plan('dim_date', {
      existing: {
        kind: 'table',
        columns: [
          { name: 'date_sk', type: 'integer' },
          { name: 'year', type: 'integer' },
        ],
      },
      dependents: {
        views: [],
        foreignKeys: [
          {
            schema: 'main',
            table: 'fact_sales',
            name: 'fact_sales_date_sk_fkey',
            definition: 'FOREIGN KEY (date_sk) REFERENCES main.dim_date(date_sk)',
          },
        ],
      },
    });
    expectGolden('reference-table-swap', p);
  });

  it('partitioned fact with foreign keys: one connection per node, the parent distributed after its partitions exist, then loaded', () => {
    const p = plan('fact_sales');
    expectGolden('distributed-partitioned-table', p);
    const sql = p.steps.map((s) => s.sql);
    expect(sql[0]).toBe(SEQUENTIAL);
    const distribute = sql.findIndex((s) => s.startsWith('select create_distributed_table'));
    expect(distribute).toBeGreaterThan(sql.findIndex((s) => s.startsWith('do $tsmodel$')));
    expect(distribute).toBeLessThan(sql.findIndex((s) => s.startsWith('insert into')));
  });

  it('colocated aggregate rebuild: built aside colocated with fact_sales (by its relation), then swapped', () => {
    const p = plan('agg_customers', {
      existing: {
        kind: 'table',
        columns: [
          { name: 'customer_id', type: 'text' },
          { name: 'revenue', type: 'numeric' },
        ],
      },
    });
    expectGolden('distributed-colocated-swap', p);
  });

  it('contract: the declared columns, distributed before the insert', () => {
    const p = plan('contracted', { queryColumns: SALES_COLUMNS });
    expectGolden('distributed-contract-table', p);
  });

  it('incremental: the first build is distributed with its shard count; later runs delete+insert through a staged temporary table', () => {
    expectGolden('incremental-first-build', plan('orders'));
    const later = plan('orders', {
      incremental: true,
      existing: { kind: 'table', columns: SALES_COLUMNS },
      queryColumns: SALES_COLUMNS,
    });
    expectGolden('incremental-delete-insert', later);
    expect(later.steps.map((s) => s.sql)).toEqual(
      plan(
        'orders',
        { incremental: true, existing: { kind: 'table', columns: SALES_COLUMNS }, queryColumns: SALES_COLUMNS },
        new PostgresDialect(),
      ).steps.map((s) => s.sql),
    );
  });

  it('snapshot: its table made a reference table right after the macro creates it; later runs update from a subquery', () => {
    const columns = [
      { name: 'customer_id', type: 'text' },
      { name: 'city', type: 'text' },
    ];
    expectGolden('snapshot-first-build', plan('dim_customers', { queryColumns: columns }));
    const existing = {
      kind: 'table' as const,
      columns: [
        { name: 'customer_sk', type: 'bigint' },
        ...columns,
        { name: 'effective_date', type: 'timestamp' },
        { name: 'end_date', type: 'timestamp' },
        { name: 'is_current', type: 'boolean' },
      ],
    };
    expectGolden('snapshot-update', plan('dim_customers', { queryColumns: columns, existing }));
  });
});

describe('what the Citus flavour leaves alone', () => {
  it('plans models without distribution settings exactly as PostgreSQL does', () => {
    const pg = new PostgresDialect();
    const cases: [string, Partial<MaterializeInput>][] = [
      ['local_summary', {}],
      ['local_summary', { existing: { kind: 'table', columns: [{ name: 'n', type: 'bigint' }] } }],
      ['stg_sales', {}],
    ];
    for (const [name, over] of cases) {
      expect(plan(name, over), name).toEqual(plan(name, over, pg));
    }
  });

  it('PostgreSQL ignores the distribution settings: the e-commerce SQL is the plain one', () => {
    const pg = new PostgresDialect();
    const plain = plan('fact_sales', {}, pg).steps.map((s) => s.sql);
    expect(plain.some((s) => /create_(distributed|reference)_table|citus/.test(s))).toBe(false);
    expect(
      plan(
        'dim_customers',
        {
          queryColumns: [
            { name: 'customer_id', type: 'text' },
            { name: 'city', type: 'text' },
          ],
        },
        pg,
      ).steps.some((s) => s.sql.includes('create_reference_table')),
    ).toBe(false);
  });

  it('notes on PostgreSQL, in one line, which nodes’ Citus settings it ignores', () => {
    const nodes = [...project.graph.nodes.values()]
      .filter((n) => n.resourceType === 'model')
      .map((node) => ({ node, constraints: () => [] }));
    const checked = new PostgresDialect().checkModels(nodes);
    expect(checked.errors).toEqual([]);
    expect(checked.notes).toHaveLength(1);
    expect(checked.notes[0]).toMatch(
      new RegExp(
        /^Citus settings \(distributed_by, colocate_with, shard_count, reference\) of 6 nodes are ignored: /.source +
          /they apply to citus targets only \(/.source,
      ),
    );
  });
});
