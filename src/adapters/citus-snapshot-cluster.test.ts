/**
 * Snapshots on a real Citus cluster (TSMODEL_TEST_CITUS_URL, see citus-cluster.test.ts), over four days of
 * changes to a hash-distributed source: keys changed, deleted, back again and new. Reference and distributed
 * snapshot tables, the timestamp and check strategies, hard_deletes invalidate and new_record: after every run
 * each snapshot's rows equal, value for value, the same project's on plain PostgreSQL (TSMODEL_TEST_PG_URL, or
 * PGlite without it). The Citus database is a scratch one: the schemas citus_snap and citus_snap_raw are dropped.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { snapshot } from '../api/run.js';
import { projectFixture } from '../api/test-support/project-fixture.js';
import type { PostgresTarget, TargetConfig } from '../config/types.js';
import { createAdapter } from './factory.js';
import { createTestDatabase, skipNote, targetFromUrl, testDatabaseKinds } from './test-support/test-databases.js';
import type { Adapter } from './types.js';

const CITUS_URL = process.env.TSMODEL_TEST_CITUS_URL;
const RAW = 'citus_snap_raw';
const OUT = 'citus_snap';

/** name → config: where the table lives on Citus, the strategy, what a deleted key does. */
const SNAPSHOTS: Record<string, string> = {
  ref_check_invalidate: `reference=true, strategy='check', check_cols=['city'], hard_deletes='invalidate'`,
  ref_check_new_record: `reference=true, strategy='check', check_cols='all', hard_deletes='new_record'`,
  dist_timestamp_new_record:
    `distributed_by='customer_id', meta_columns='dbt', strategy='timestamp', updated_at='updated_at', ` +
    `hard_deletes='new_record'`,
  dist_check_invalidate:
    `distributed_by='customer_id', meta_columns='dbt', strategy='check', check_cols=['name', 'city'], ` +
    `hard_deletes='invalidate'`,
};

/** The source on each day: day 2 changes 2, deletes 3, adds 6; day 3 brings 3 back changed, deletes 6 and
 * renames 1 without a new updated_at (the check strategy sees it, the timestamp one does not); day 4 is day 3. */
const DAYS: [time: string, sql: string][] = [
  [
    '2024-01-01',
    `insert into ${RAW}.customers values (1, 'Ann', 'Oslo', '2023-12-01'), (2, 'Bo', 'Rome', '2023-12-02'),
      (3, 'Cy', 'Lima', '2023-12-03'), (4, 'Di', 'Pune', '2023-12-04'), (5, 'Ed', 'Kyiv', '2023-12-05')`,
  ],
  [
    '2024-02-01',
    `update ${RAW}.customers set city = 'Nice', updated_at = '2024-01-20' where customer_id = 2;
     delete from ${RAW}.customers where customer_id = 3;
     insert into ${RAW}.customers values (6, 'Flo', 'Riga', '2024-01-25')`,
  ],
  [
    '2024-03-01',
    `insert into ${RAW}.customers values (3, 'Cy', 'Quito', '2024-02-15');
     delete from ${RAW}.customers where customer_id = 6;
     update ${RAW}.customers set name = 'Anna' where customer_id = 1`,
  ],
  ['2024-04-01', 'select 1'],
];

const project = () =>
  projectFixture({
    'project.yml': 'name: citus_snap\n',
    'models/sources.yml': `version: 2\nsources:\n  - name: ${RAW}\n    tables: [{name: customers}]\n`,
    ...Object.fromEntries(
      Object.entries(SNAPSHOTS).map(([name, config]) => [
        `snapshots/${name}.sql`,
        `{% snapshot ${name} %}\n{{ config(target_schema='${OUT}', unique_key='customer_id', ${config}) }}\n` +
          `select * from {{ source('${RAW}', 'customers') }}\n{% endsnapshot %}\n`,
      ]),
    ),
  });

/** Every row of a snapshot as its text, sorted: surrogate keys, scd ids and times are compared too. */
const rowsOf = async (adapter: Adapter, name: string) =>
  (await adapter.query(`select t::text as r from ${OUT}.${name} as t order by 1`)).rows.map((r) => String(r.r));

describe.runIf(CITUS_URL)(
  `snapshots on a Citus cluster${skipNote(CITUS_URL ? undefined : 'no Citus cluster (TSMODEL_TEST_CITUS_URL)')}`,
  () => {
    const cleanup: (() => unknown)[] = [];
    afterAll(async () => {
      for (const c of cleanup.reverse()) await c();
    });

    it('closes, reopens and deletes versions as PostgreSQL does, reference and distributed', async () => {
      const target: PostgresTarget = { ...targetFromUrl(CITUS_URL!), type: 'citus', name: 'citus' };
      const citus = createAdapter(target);
      cleanup.push(() => citus.close());
      const plain = await createTestDatabase(testDatabaseKinds().includes('postgres') ? 'postgres' : 'pglite');
      cleanup.push(() => plain.dispose());
      const dir = project();
      cleanup.push(() => dir.dispose());
      const sides: [Adapter, TargetConfig][] = [
        [citus, target],
        [plain.adapter(), plain.target],
      ];
      for (const [adapter] of sides) {
        await adapter.query(`drop schema if exists ${OUT} cascade`);
        await adapter.query(`drop schema if exists ${RAW} cascade`);
        await adapter.query(`create schema ${RAW}`);
        await adapter.query(
          `create table ${RAW}.customers (customer_id int not null, name text, city text, updated_at timestamp)`,
        );
      }
      // On the cluster the source is hash-distributed: the snapshot stages it before comparing.
      await citus.query(`select create_distributed_table('${RAW}.customers', 'customer_id')`);

      const counts: Record<string, number>[] = [];
      for (const [time, sql] of DAYS) {
        for (const [adapter, targetConfig] of sides) {
          for (const s of sql.split(';')) await adapter.query(s);
          const res = await snapshot({ projectDir: dir.dir, targetConfig, adapter, vars: { snapshot_time: time } });
          const failed = res.results.filter((r) => r.status !== 'success').map((r) => `${r.node.name}: ${r.message}`);
          expect(failed, `${adapter.type} ${time}`).toEqual([]);
        }
        const day: Record<string, number> = {};
        for (const name of Object.keys(SNAPSHOTS)) {
          const rows = await rowsOf(citus, name);
          expect(rows, `${name} on ${time}`).toEqual(await rowsOf(plain.adapter(), name));
          day[name] = rows.length;
        }
        counts.push(day);
      }
      // The history is the one the days make (so the comparison above compared something).
      expect(counts).toEqual([
        { ref_check_invalidate: 5, ref_check_new_record: 5, dist_timestamp_new_record: 5, dist_check_invalidate: 5 },
        { ref_check_invalidate: 7, ref_check_new_record: 8, dist_timestamp_new_record: 8, dist_check_invalidate: 7 },
        { ref_check_invalidate: 8, ref_check_new_record: 11, dist_timestamp_new_record: 10, dist_check_invalidate: 9 },
        { ref_check_invalidate: 8, ref_check_new_record: 11, dist_timestamp_new_record: 10, dist_check_invalidate: 9 },
      ]);
      const kinds = await citus.query(
        `select logicalrelid::regclass::text as t, partmethod from pg_dist_partition ` +
          `where logicalrelid::regclass::text like '${OUT}.%' order by 1`,
      );
      expect(Object.fromEntries(kinds.rows.map((r) => [r.t, r.partmethod]))).toEqual({
        [`${OUT}.dist_check_invalidate`]: 'h',
        [`${OUT}.dist_timestamp_new_record`]: 'h',
        [`${OUT}.ref_check_invalidate`]: 'n',
        [`${OUT}.ref_check_new_record`]: 'n',
      });
      for (const [adapter] of sides) for (const s of [OUT, RAW]) await adapter.query(`drop schema ${s} cascade`);
    }, 600_000);
  },
);
