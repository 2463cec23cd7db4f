import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, postgresUrlSkipNote } from '../adapters/test-support/test-databases.js';
import { FaultProxy } from '../adapters/test-support/fault-proxy.js';
import type { PostgresTarget } from '../config/index.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { build } from './run.js';

// Fault injection needs a server and a network path to cut: PostgreSQL only.
const pg = process.env.TSMODEL_TEST_PG_URL;

const FILES = (version: number): Record<string, string> => ({
  'project.yml': `name: shop\nvars:\n  snapshot_time: '2024-01-0${version}'\n`,
  'seeds/customers.csv': `customer_id,city\n1,Paris\n2,Rome\n${version > 1 ? '3,Oslo\n' : ''}`,
  'models/customer_count.sql':
    "{{ config(materialized='table') }}\n" +
    `select count(*) as n, ${version} as version ` +
    "from {{ ref('customers') }}",
  'models/customer_view.sql': `select * from {{ ref('customer_count') }}`,
  'models/customers_history.sql':
    `{{ config(materialized='snapshot', unique_key='customer_id', ` +
    `strategy='check') }}\nselect customer_id, city from {{ ref('customers') }}`,
});

const CHECKSUM = `select n.nspname || '.' || c.relname as rel, c.relkind::text as kind
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'main' and c.relkind in ('r', 'v', 'm', 'p') order by 1`;

describe.runIf(pg)(`atomicity under faults (PostgreSQL, via a cutting TCP proxy)${postgresUrlSkipNote()}`, () => {
  let db: TestDatabase;
  let project: ProjectFixture;
  let proxy: FaultProxy;
  let proxied: PostgresTarget;

  const state = async () => {
    const a = db.adapter();
    const rels = (await a.query(CHECKSUM)).rows;
    const contents: Record<string, string> = {};
    for (const r of rels) {
      const res = await a.query(
        `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from (select * from ` +
          `${String(r.rel).replace('.', '."')}") t`,
      );
      contents[String(r.rel)] = String(res.rows[0]!.h);
    }
    return { rels, contents };
  };

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const t = db.target as PostgresTarget;
    proxy = new FaultProxy(t.host, t.port);
    await proxy.start();
    proxied = { ...t, port: proxy.port, retries: 0 };
    project = projectFixture(FILES(1));
    const first = await build({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
    expect(first.success).toBe(true);
  });
  afterAll(async () => {
    await proxy.stop();
    await db.dispose();
    project.dispose();
  });

  // [what, the statement the cut happens on, the relation that statement changes]
  const faults: [string, RegExp, string][] = [
    ['a table build (create table as)', /create table "main"\."customer_count__tsmodel_new/, 'main.customer_count'],
    ['the swap transaction (rename into place)', /rename to "customer_count"/, 'main.customer_count'],
    ['recreating a dependent view', /create view "main"\."customer_view"/i, 'main.customer_count'],
    ['a seed COPY', /copy "main"\."customers"/, 'main.customers'],
    ['a snapshot', /insert into "main"\."customers_history"/, 'main.customers_history'],
  ];

  it.each(faults)(
    'a connection cut during %s leaves every relation as it was, and a rerun converges',
    async (_what, pattern, rel) => {
      const before = await state();
      project.write('seeds/customers.csv', FILES(2)['seeds/customers.csv']!);
      project.write('models/customer_count.sql', FILES(2)['models/customer_count.sql']!);
      project.write('project.yml', FILES(2)['project.yml']!);
      proxy.cutOn(pattern);
      const cuts = proxy.cuts;
      const broken = await build({ projectDir: project.dir, targetConfig: proxied });
      expect(proxy.cuts).toBe(cuts + 1);
      expect(broken.success).toBe(false);
      proxy.clear();
      const after = await state();
      // The node that was cut is exactly as before; nothing half-built, nothing left behind.
      expect(after.rels).toEqual(before.rels);
      expect(after.rels.some((r) => String(r.rel).includes('__tsmodel_'))).toBe(false);
      // The relation the cut statement was changing is exactly as before (the cut drops every
      // connection, so nodes running beside it may have committed: those are old or new, never partial).
      expect(after.contents[rel]).toBe(before.contents[rel]);
      expect(
        broken.results.find((r) => `${r.node.relation!.schema}.${r.node.relation!.identifier}` === rel)?.status,
      ).toBe('error');
      // A rerun converges to what an undisturbed build gives.
      const rerun = await build({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
      expect(rerun.success).toBe(true);
      expect((await db.adapter().query('select n::int, version from main.customer_view')).rows).toEqual([
        { n: 3, version: 2 },
      ]);
      // Back to version 1 for the next case.
      for (const [f, c] of Object.entries(FILES(1))) project.write(f, c);
      await db.adapter().query('drop table main.customers_history');
      expect((await build({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() })).success).toBe(
        true,
      );
    },
  );
});
