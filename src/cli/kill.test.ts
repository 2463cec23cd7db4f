import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, postgresUrlSkipNote } from '../adapters/test-support/test-databases.js';
import type { PostgresTarget } from '../config/index.js';
import { build } from '../api/index.js';
import { copyExampleProject, tableChecksums, type TableChecksums } from '../api/test-support/example-project.js';
import { waitUntil } from '../test-support/wait-until.js';
import { postgresProfile, spawnCli } from './test-support/cli.js';

function copyProject(target: PostgresTarget): string {
  const dir = copyExampleProject();
  writeFileSync(join(dir, 'profiles.yml'), postgresProfile('ecommerce', target, 'threads: 4, retries: 0'));
  return dir;
}

/**
 * Runs `tsmodel build` with the fault point TSMODEL_FAULT_AT=<node>:<point> (execute/fault-point.ts):
 * the process SIGKILLs itself there, at that statement, whatever the machine's speed.
 */
function buildAndKill(dir: string, faultAt: string): Promise<{ killed: boolean }> {
  return new Promise((done) => {
    const child = spawnCli(['build', '--quiet'], { cwd: dir, quiet: true, env: { TSMODEL_FAULT_AT: faultAt } });
    child.on('exit', (_code, signal) => done({ killed: signal === 'SIGKILL' }));
  });
}

/** Where the build is killed: inside a seed's load, inside tables' transactions, and between two nodes. */
const FAULT_POINTS = [
  'customers:step-1',
  'prod_customers:step-1',
  'prod_transaction_items:step-2',
  'dim_customers:committed',
  'fact_sales:step-1',
  'agg_daily_sales:step-2',
];

const RELATIONS = `select n.nspname || '.' || c.relname as rel from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('staging', 'production', 'warehouse') and c.relkind in ('r', 'v', 'm', 'p') and not c.relispartition order by 1`;

async function checksums(db: TestDatabase): Promise<TableChecksums> {
  const relations = (await db.adapter().query(RELATIONS)).rows.map((r) => String(r.rel));
  return tableChecksums(db.adapter(), relations);
}

// A killed process needs a server that outlives it: PostgreSQL only.
describe.runIf(process.env.TSMODEL_TEST_PG_URL)(
  `tsmodel killed with SIGKILL in the middle of a build${postgresUrlSkipNote()}`,
  () => {
    let reference: TestDatabase;
    let victim: TestDatabase;
    const dirs: string[] = [];
    beforeAll(async () => {
      reference = await createTestDatabase('postgres');
      victim = await createTestDatabase('postgres');
    });
    afterAll(async () => {
      await reference.dispose();
      await victim.dispose();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('never leaves a relation missing, half-built or temporary, and a rerun converges', async () => {
      const refDir = copyProject(reference.target as PostgresTarget);
      dirs.push(refDir);
      expect(
        (await build({ projectDir: refDir, targetConfig: reference.target, adapter: reference.adapter() })).success,
      ).toBe(true);
      const expected = await checksums(reference);

      const dir = copyProject(victim.target as PostgresTarget);
      dirs.push(dir);
      expect((await build({ projectDir: dir, targetConfig: victim.target, adapter: victim.adapter() })).success).toBe(
        true,
      );
      const relations = Object.keys(await checksums(victim)).sort();
      const log = join(dir, 'logs/pipeline.log');
      for (const point of FAULT_POINTS) {
        const logged = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
        expect(await buildAndKill(dir, point), `killed at ${point}`).toEqual({ killed: true });
        // pipeline.log, held open for the run, holds every line written before the kill (none was buffered).
        const lines = readFileSync(log, 'utf8').slice(logged).trim().split('\n');
        const events = lines.map((l) => JSON.parse(l) as { event: string; node?: string });
        expect(events[0]!.event, point).toBe('run-start');
        const name = point.split(':')[0]; // unique_id: <type>.<project>.<name>[.v<version>]
        expect(
          events.some((e) => e.event === 'node-start' && e.node?.split('.')[2] === name),
          point,
        ).toBe(true);
        // The server notices the dropped session and rolls its transaction back.
        await waitUntil(`the killed build's sessions to end (${point})`, async () => {
          const open = await victim
            .adapter()
            .query(
              'select count(*)::int as n from pg_stat_activity where datname = current_database() and ' +
                `pid <> pg_backend_pid() and state <> 'idle'`,
            );
          return open.rows[0]!.n === 0;
        });
        const now = await checksums(victim);
        expect(Object.keys(now).sort(), point).toEqual(relations);
        expect(
          Object.keys(now).filter((r) => r.includes('__tsmodel_')),
          point,
        ).toEqual([]);
      }
      expect((await build({ projectDir: dir, targetConfig: victim.target, adapter: victim.adapter() })).success).toBe(
        true,
      );
      expect(await checksums(victim)).toEqual(expected);
    });
  },
);
