/**
 * The example project on a real Citus cluster, when TSMODEL_TEST_CITUS_URL
 * points at a coordinator (e.g. postgres://root@127.0.0.1:9700/tsmodel) whose
 * workers are added and whose database has the citus extension on every node.
 * The database is a scratch one: the test drops and rebuilds the project's
 * schemas (staging, production, warehouse, main) in it. CI has no cluster, so
 * this is skipped there; see the README's "Scaling out" for a local one.
 *
 * The same project is built on plain PostgreSQL (TSMODEL_TEST_PG_URL, or
 * PGlite without it) and every table's contents compared by checksum, on day
 * one and again after the generator's batch 2 (snapshot updates, rebuilds
 * that swap distributed and reference tables).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../api/run.js';
import { copyExampleProject, EXAMPLE_TABLES, tableChecksums } from '../api/test-support/example-project.js';
import type { PostgresTarget } from '../config/types.js';
import { generate } from '../generate/index.js';
import { createAdapter } from './factory.js';
import {
  createTestDatabase,
  skipNote,
  targetFromUrl,
  testDatabaseKinds,
  type TestDatabase,
} from './test-support/test-databases.js';
import type { Adapter } from './types.js';

const CITUS_URL = process.env.TSMODEL_TEST_CITUS_URL;
/** A dashboard question straight off the fact table: revenue and customers per month. */
const DASHBOARD = `select d.year_month, sum(f.line_total) as revenue, count(distinct f.customer_id) as customers
from warehouse.fact_sales f join warehouse.dim_date d on d.date_sk = f.date_sk
group by d.year_month order by d.year_month`;

const citusTarget = (url: string): PostgresTarget => ({ ...targetFromUrl(url), type: 'citus', name: 'citus' });
const checksums = (adapter: Adapter) => tableChecksums(adapter, EXAMPLE_TABLES);
/**
 * Rows with every value as text: node-postgres returns a bigint or numeric as a string, PGlite
 * (the plain side when no server is configured) as a number; the values are what is compared.
 */
const asText = (rows: readonly Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));

const failures = (s: Awaited<ReturnType<typeof build>>) =>
  s.results.filter((r) => !['success', 'pass', 'warn'].includes(r.status)).map((r) => `${r.node.name}: ${r.message}`);

describe.runIf(CITUS_URL)(
  `the example project on a Citus cluster${skipNote(CITUS_URL ? undefined : 'no Citus cluster (TSMODEL_TEST_CITUS_URL)')}`,
  () => {
    const cleanup: (() => unknown)[] = [];
    afterAll(async () => {
      for (const c of cleanup.reverse()) await c();
    });

    it('builds the same warehouse as PostgreSQL, with fact_sales sharded and the dimensions replicated', async () => {
      const citus = createAdapter(citusTarget(CITUS_URL!));
      const target = citusTarget(CITUS_URL!);
      cleanup.push(() => citus.close());
      for (const s of ['staging', 'production', 'warehouse', 'main'])
        await citus.query(`drop schema if exists ${s} cascade`);
      const plain: TestDatabase = await createTestDatabase(
        testDatabaseKinds().includes('postgres') ? 'postgres' : 'pglite',
      );
      cleanup.push(() => plain.dispose());
      const citusDir = copyExampleProject();
      const plainDir = copyExampleProject();
      cleanup.push(
        () => rmSync(citusDir, { recursive: true, force: true }),
        () => rmSync(plainDir, { recursive: true, force: true }),
      );

      expect(
        failures(await build({ projectDir: plainDir, targetConfig: plain.target, adapter: plain.adapter() })),
      ).toEqual([]);
      expect(failures(await build({ projectDir: citusDir, targetConfig: target, adapter: citus }))).toEqual([]);
      expect(await checksums(citus)).toEqual(await checksums(plain.adapter()));

      const q = async (sql: string) => (await citus.query(sql)).rows;
      // fact_sales: hash-distributed on customer_id, its shards on more than one worker; its partitions follow it.
      const kinds = await q(
        'select logicalrelid::regclass::text as t, partmethod, colocationid from pg_dist_partition where ' +
          `logicalrelid::regclass::text like any (array['warehouse.%', 'production.%']) order by 1`,
      );
      const kind = (t: string) => kinds.find((k) => k.t === t);
      expect(kind('warehouse.fact_sales')?.partmethod).toBe('h');
      expect(kind('warehouse.agg_customer_lifetime')?.colocationid).toBe(kind('warehouse.fact_sales')?.colocationid);
      const placements = await q(
        'select count(distinct (nodename, nodeport))::int as nodes, count(*)::int as shards from ' +
          'pg_dist_shard s join pg_dist_shard_placement p using (shardid) where s.logicalrelid = ' +
          `'warehouse.fact_sales'::regclass`,
      );
      expect(placements[0]!.nodes).toBeGreaterThan(1);
      expect(placements[0]!.shards).toBeGreaterThan(1);
      const partitions = await q(
        `select count(*)::int as n, count(*) filter (where p.partmethod = 'h')::int as distributed from ` +
          'pg_inherits i left join pg_dist_partition p on p.logicalrelid = i.inhrelid where ' +
          `i.inhparent = 'warehouse.fact_sales'::regclass`,
      );
      expect(partitions[0]).toEqual({ n: 25, distributed: 25 });
      // The dimensions, the production layer and the small aggregates: reference tables ('n', replicated).
      for (const t of [
        'warehouse.dim_customers',
        'warehouse.dim_products',
        'warehouse.dim_date',
        'warehouse.dim_payment_method',
        'warehouse.agg_daily_sales',
        'production.transactions',
        'production.transaction_items',
      ]) {
        expect(kind(t)?.partmethod, t).toBe('n');
      }
      // A dashboard query runs on every shard.
      const plan = (await q(`explain ${DASHBOARD}`)).map((r) => String(r['QUERY PLAN'])).join('\n');
      expect(plan).toMatch(/Custom Scan \(Citus Adaptive\)/);
      expect(plan).toMatch(/Task Count: ([2-9]|\d\d+)/);
      expect(asText(await q(DASHBOARD))).toEqual(asText((await plain.adapter().query(DASHBOARD)).rows));

      // Day two: batch 2 reloaded and built again (snapshots close and open versions; tables are swapped).
      await generate({ outDir: join(citusDir, 'seeds'), batch: 2 });
      await generate({ outDir: join(plainDir, 'seeds'), batch: 2 });
      expect(
        failures(await build({ projectDir: plainDir, targetConfig: plain.target, adapter: plain.adapter() })),
      ).toEqual([]);
      expect(failures(await build({ projectDir: citusDir, targetConfig: target, adapter: citus }))).toEqual([]);
      expect(await checksums(citus)).toEqual(await checksums(plain.adapter()));
      const after = await q(
        'select logicalrelid::regclass::text as t, partmethod from pg_dist_partition where logicalrelid ' +
          `in ('warehouse.fact_sales'::regclass, 'warehouse.dim_date'::regclass)`,
      );
      expect(Object.fromEntries(after.map((r) => [r.t, r.partmethod]))).toEqual({
        'warehouse.fact_sales': 'h',
        'warehouse.dim_date': 'n',
      });
    }, 900_000);
  },
);
