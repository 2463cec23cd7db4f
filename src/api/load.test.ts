import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, postgresUrlSkipNote } from '../adapters/test-support/test-databases.js';
import { createAdapter } from '../adapters/index.js';
import { sourceSetupSql, writeSyntheticProject } from '../../bench/synthetic-project.js';
import { run } from './run.js';

// A load test needs a server with real connections: PostgreSQL only.
describe.runIf(process.env.TSMODEL_TEST_PG_URL)(
  `load: 1,000 models with 8 threads, twice${postgresUrlSkipNote()}`,
  () => {
    let db: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      db = await createTestDatabase('postgres');
      dir = mkdtempSync(join(tmpdir(), 'tsmodel-load-'));
    });
    afterAll(async () => {
      await db.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('builds without error or connection leak, with the same results both times', async () => {
      const project = writeSyntheticProject(dir, { models: 1000, seed: 7 });
      await db.adapter().query(sourceSetupSql(project));
      const sessions = async () =>
        Number(
          (
            await db
              .adapter()
              .query(
                `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
              )
          ).rows[0]!.n,
        );
      const baseline = await sessions();
      const fingerprints: string[] = [];
      for (let i = 0; i < 2; i++) {
        const adapter = createAdapter({ ...db.target, threads: 8 });
        try {
          const summary = await run({
            projectDir: dir,
            targetConfig: { ...db.target, threads: 8 },
            adapter,
            threads: 8,
          });
          expect(
            summary.results.filter((r) => r.status !== 'success').map((r) => `${r.node.name}: ${r.message}`),
          ).toEqual([]);
          expect(summary.results.length).toBe(project.models);
        } finally {
          await adapter.close();
        }
        // Backends exit a moment after their client disconnects: wait for them, up to 5 s.
        for (let t = 0; t < 50 && (await sessions()) !== baseline; t++) await new Promise((r) => setTimeout(r, 100));
        expect(await sessions()).toBe(baseline);
        const rels = await db.adapter().query(`select n.nspname || '.' || c.relname as rel, c.relkind::text as kind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'raw') and c.relkind in ('r', 'v')
        order by 1`);
        const parts: string[] = [];
        for (const r of rels.rows) {
          const [schema, name] = String(r.rel).split('.');
          const h = await db
            .adapter()
            .query(
              `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${schema}"."${name}" t`,
            );
          parts.push(`${String(r.rel)}:${String(r.kind)}:${String(h.rows[0]!.n)}:${String(h.rows[0]!.h)}`);
        }
        fingerprints.push(parts.join(','));
      }
      expect(fingerprints[1]).toBe(fingerprints[0]);
    });
  },
);
