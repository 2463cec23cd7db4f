import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { analyzeSql, loadSqlParser } from './index.js';
import { cases, resolver } from './test-support/corpus.js';

/** The corpus' relations as tables (empty), typed so that every case's SQL is valid PostgreSQL. */
const TABLES = [
  'create table orders (id int, customer_id int, amount numeric, status text, ordered_at timestamp, data jsonb)',
  'create table customers (id int, name text, email text, city text, created_at timestamp)',
  'create table items (order_id int, product_id int, quantity int, price numeric, discount numeric)',
  'create table products (id int, name text, category text, cost numeric)',
  'create schema raw',
  'create table raw.payments (id int, order_id int, amount numeric, method text)',
  'create table events (user_id int, kind text)',
];

/** Cases whose every column is resolved: PostgreSQL must agree on the output columns' names and order. */
const checked = cases.filter((c) => !c.incomplete && !Object.values(c.expect).some((deps) => deps.includes('?')));

describeEachDatabase('column lineage names the columns as %s does', (kind) => {
  let db: TestDatabase;
  let adapter: Adapter;
  beforeAll(async () => {
    await loadSqlParser();
    db = await createTestDatabase(kind);
    adapter = db.adapter();
    await adapter.open();
    for (const sql of TABLES) await adapter.query(sql);
  }, 120_000);
  afterAll(async () => {
    await db?.dispose();
  });

  it('checks most of the corpus', () => {
    expect(checked.length).toBeGreaterThanOrEqual(80);
  });

  it.each(checked.map((c, i) => [`${c.file}: ${c.name}`, c, i] as const))('%s', async (_title, c, i) => {
    const view = `lineage_case_${i}`;
    await adapter.query(`create view ${view} as ${c.sql}`);
    const { rows } = await adapter.query(
      `select column_name from information_schema.columns where table_name = $1 order by ordinal_position`,
      [view],
    );
    const ours = analyzeSql(c.sql, resolver).columns.map((col) => col.name);
    expect(ours).toEqual(rows.map((r) => r.column_name));
  });
});
