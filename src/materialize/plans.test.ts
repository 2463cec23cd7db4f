/**
 * The SQL the strategies emit, without a database: plan() is called with a
 * hand-made MaterializeInput and its statements are compared with golden
 * files in __golden__/ (rewrite them with UPDATE_GOLDEN=1, then read the
 * diff). A recording fake adapter checks how runNode runs a plan.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../adapters/errors.js';
import type { Dependents } from '../adapters/introspect.js';
import { PostgresDialect } from '../adapters/postgres-dialect.js';
import type { Adapter, Connection, QueryResult } from '../adapters/types.js';
import type { Compiler } from '../compile/index.js';
import { runNode } from '../execute/run-node.js';
import type { ColumnInfo, NodeConfig, ProjectNode } from '../parse/index.js';
import { MaterializationRegistry } from './registry.js';
import type { MaterializeInput, Plan } from './types.js';
import { planGolden } from './test-support/plan-golden.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const registry = new MaterializationRegistry();
const dialect = new PostgresDialect();
const NO_DEPENDENTS: Dependents = { views: [], foreignKeys: [] };

function column(name: string, description = ''): ColumnInfo {
  return { name, description, constraints: [], meta: {}, tests: [] };
}

function model(name: string, config: Partial<NodeConfig>, extra: Partial<ProjectNode> = {}): ProjectNode {
  const file = `models/${name}.sql`;
  return {
    uniqueId: `model.shop.${name}`,
    resourceType: 'model',
    name,
    packageName: 'shop',
    path: `${name}.sql`,
    originalFilePath: file,
    fqn: ['shop', name],
    rawCode: '',
    checksum: '',
    config: { enabled: true, materialized: 'table', tags: [], meta: {}, pre_hook: [], post_hook: [], ...config },
    refs: [],
    sources: [],
    dependsOn: { nodes: [], macros: [] },
    description: '',
    columns: {},
    relation: { schema: 'main', identifier: name },
    location: { file },
    ...extra,
  };
}

function input(node: ProjectNode, sql: string, over: Partial<MaterializeInput> = {}): MaterializeInput {
  return {
    node,
    relation: node.relation!,
    compiledSql: sql,
    preHooks: [],
    postHooks: [],
    constraints: [],
    dependents: NO_DEPENDENTS,
    incremental: false,
    runSuffix: 'abc123',
    dialect,
    ...over,
  };
}

function plan(i: MaterializeInput): Plan {
  return registry.get(i.node.config.materialized).plan(i);
}

const expectGolden = planGolden(GOLDEN);

const CUSTOMERS_SQL = `select customer_id, name\nfrom "main_staging"."stg_customers"`;

describe('materialization plans (golden SQL)', () => {
  it('table, first build: create in place, then constraints, indexes, cluster, docs, grants, hooks', () => {
    const node = model(
      'customers',
      {
        indexes: [{ columns: ['name'], type: 'hash' }],
        cluster_by: ['customer_id'],
        persist_docs: { relation: true, columns: true },
        grants: { select: ['reporter'] },
      },
      {
        description: 'One row per customer',
        columns: { customer_id: column('customer_id', 'The key'), name: column('name') },
      },
    );
    const p = plan(
      input(node, CUSTOMERS_SQL, {
        constraints: [
          { type: 'primary_key', columns: ['customer_id'] },
          { type: 'not_null', columns: ['name'] },
        ],
        preHooks: [`set local work_mem = '64MB'`],
        postHooks: [`analyze "main"."customers"`],
      }),
    );
    expectGolden('table-first-build', p);
  });

  it('table swap: build aside, rename, drop, finish, then recreate dependent views and foreign keys', () => {
    const node = model('customers', {});
    const p = plan(
      input(node, CUSTOMERS_SQL, {
        existing: {
          kind: 'table',
          columns: [
            { name: 'customer_id', type: 'integer' },
            { name: 'name', type: 'text' },
          ],
        },
        constraints: [{ type: 'primary_key', columns: ['customer_id'] }],
        dependents: {
          views: [
            {
              schema: 'main',
              name: 'v_customers',
              kind: 'view',
              definition: ' SELECT customers.customer_id\n   FROM main.customers;',
              grants: [],
              depth: 1,
            },
            {
              schema: 'reporting',
              name: 'report',
              kind: 'materialized_view',
              definition: ' SELECT count(*) AS n\n   FROM main.v_customers;',
              comment: "Customers' count",
              grants: [{ grantee: 'reporter', privilege: 'SELECT' }],
              depth: 2,
            },
          ],
          foreignKeys: [
            {
              schema: 'main',
              table: 'orders',
              name: 'orders_customer_id_fkey',
              definition: 'FOREIGN KEY (customer_id) REFERENCES main.customers(customer_id)',
            },
          ],
        },
      }),
    );
    expectGolden('table-swap-with-dependents', p);
  });

  it('incremental merge: stage, add the new column, merge on a two-column key', () => {
    const node = model('orders', {
      materialized: 'incremental',
      incremental_strategy: 'merge',
      unique_key: ['order_id', 'line'],
      on_schema_change: 'append_new_columns',
    });
    const p = plan(
      input(
        node,
        `select order_id, line, amount, note from "main"."stg_orders"\nwhere order_id > (select max(order_id) from "main"."orders")`,
        {
          incremental: true,
          existing: {
            kind: 'table',
            columns: [
              { name: 'order_id', type: 'integer' },
              { name: 'line', type: 'integer' },
              { name: 'amount', type: 'numeric' },
            ],
          },
          queryColumns: [
            { name: 'order_id', type: 'integer' },
            { name: 'line', type: 'integer' },
            { name: 'amount', type: 'numeric' },
            { name: 'note', type: 'text' },
          ],
        },
      ),
    );
    expectGolden('incremental-merge', p);
  });

  it('partitioned table rebuild: stage, partitions, swap, drop the old, then rename the partitions', () => {
    const node = model('orders', {
      partition_by: { field: 'order_date', granularity: 'month' },
      indexes: [{ columns: ['order_id'] }],
    });
    const p = plan(
      input(node, `select order_id, order_date from "main"."stg_orders"`, {
        existing: { kind: 'partitioned_table', columns: [] },
      }),
    );
    expectGolden('partitioned-table', p);
    const labels = p.steps.map((s) => s.label);
    expect(labels.indexOf('rename partitions')).toBeGreaterThan(labels.indexOf('drop the previous orders'));
  });
});

/** An adapter that records every statement and answers from a script instead of a database. */
class RecordingAdapter implements Adapter {
  readonly type = 'fake';
  readonly capabilities = { maxConcurrency: 1 };
  readonly log: string[] = [];
  constructor(private readonly answer: (sql: string) => Partial<QueryResult> | Error) {}
  open = async () => {};
  close = async () => {};
  cancel = async () => {};
  describe = () => 'recording fake';
  query = async (sql: string): Promise<QueryResult> => {
    this.log.push(sql);
    const a = this.answer(sql);
    if (a instanceof Error) throw a;
    return { rows: [], rowCount: null, command: '', fields: [], ...a };
  };
  private conn: Connection = {
    query: (sql) => this.query(sql),
    copyFrom: async (sql) => {
      this.log.push(sql);
      return 0;
    },
  };
  transaction = async <T>(fn: (c: Connection) => Promise<T>): Promise<T> => {
    this.log.push('BEGIN');
    try {
      const out = await fn(this.conn);
      this.log.push('COMMIT');
      return out;
    } catch (err) {
      this.log.push('ROLLBACK');
      throw err;
    }
  };
  withConnection = async <T>(fn: (c: Connection) => Promise<T>): Promise<T> => fn(this.conn);
}

describe('runNode with a recording fake adapter', () => {
  const node = model('customers', {});
  const compiler = {
    compile: () => ({
      node,
      compiledSql: 'select 1 as id,\n  nope',
      preHooks: [],
      postHooks: [],
      constraints: [],
      incremental: false,
    }),
  } as unknown as Compiler;
  const paths = () => ({
    compiled: 'target/compiled/shop/models/customers.sql',
    run: 'target/run/shop/models/customers.sql',
  });
  const ctx = (adapter: Adapter) => ({ adapter, dialect, registry, compiler, runSuffix: 'abc123', paths });

  it('runs the plan in one transaction, after the introspection queries', async () => {
    const fake = new RecordingAdapter(() => ({ command: 'SELECT', rowCount: 1 }));
    const result = await runNode(ctx(fake), node, undefined);
    expect(result.status).toBe('success');
    expect(fake.log).toEqual(['BEGIN', `create table "main"."customers" as (\nselect 1 as id,\n  nope\n)`, 'COMMIT']);
    expect(result.rowsAffected).toBe(1);
  });

  it('rolls back and locates a failed statement on the compiled line', async () => {
    const fake = new RecordingAdapter((sql) => {
      if (!sql.startsWith('create table')) return {};
      return new DatabaseError('column "nope" does not exist', {
        sqlstate: '42703',
        position: sql.indexOf('nope') + 1,
        sql,
      });
    });
    const result = await runNode(ctx(fake), node, undefined);
    expect(fake.log.at(-1)).toBe('ROLLBACK');
    expect(result.status).toBe('error');
    expect(result.error?.location).toEqual({ file: 'target/compiled/shop/models/customers.sql', line: 2, column: 3 });
    expect(result.message).toBe('customers failed while trying to create table as: column "nope" does not exist');
  });
});
