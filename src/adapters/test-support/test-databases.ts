/**
 * Throwaway databases for integration tests, on every engine available here.
 *
 *   describeEachDatabase('%s', (kind) => {
 *     let db: TestDatabase;
 *     beforeAll(async () => { db = await createTestDatabase(kind) });
 *     afterAll(() => db.dispose());
 *     it('…', async () => { await db.adapter().query('select 1') });
 *   });
 *
 * - pglite: always. A fresh data folder per call, copied from a template
 *   initialised once per machine (initdb takes seconds; a copy, a fraction).
 * - postgres: when TSMODEL_TEST_PG_URL is set — by hand, or by the global setup when it found
 *   a local server (find-postgres.ts) — or when Docker looks available (DOCKER_HOST or a docker
 *   socket; TSMODEL_TEST_DOCKER=0 opts out): a postgres:15 container is then started lazily,
 *   once per test file. Without one, describeEachDatabase still declares the postgres suites,
 *   skipped with the reason in their title.
 *   Each call creates a database tsmodel_t_<random>; dispose drops it WITH (FORCE).
 *
 * The databases are pristine: the target's schema ("main") is not created.
 * adapter() returns the same adapter on every call; after close() or cancel(),
 * call its open() to use it again.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { PgliteTarget, PostgresTarget, TargetConfig } from '../../config/types.js';
import { createAdapter } from '../factory.js';
import { dockerLooksUsable } from './find-postgres.js';
import type { Adapter } from '../types.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

export interface TestDatabase {
  name: TestDatabaseKind;
  target: TargetConfig;
  /** The database's adapter (created on first call, opened on first query). */
  adapter(): Adapter;
  /** Closes the adapter and removes the database. */
  dispose(): Promise<void>;
}

const env = process.env;

/** The kinds to run integration tests on: pglite always, postgres when one can be had. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return postgresOffered() ? ['pglite', 'postgres'] : ['pglite'];
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  return kind === 'pglite' ? createPgliteDatabase() : createPostgresDatabase();
}

function postgresOffered(): boolean {
  if (env.TSMODEL_TEST_PG === '0') return false;
  return Boolean(env.TSMODEL_TEST_PG_URL) || dockerLooksUsable(env);
}

/** Why PostgreSQL is not tested in this run (set by the global setup), or undefined when it is. */
export function postgresSkipReason(): string | undefined {
  if (postgresOffered()) return undefined;
  return env.TSMODEL_TEST_PG_SKIPPED || 'no PostgreSQL server (set TSMODEL_TEST_PG_URL)';
}

/** The mark a skipped suite's title carries, read back by the run's skip report. */
export function skipNote(reason: string | undefined): string {
  return reason ? ` [skipped: ${reason}]` : '';
}

/**
 * describe.each over every engine: `title` with %s replaced by the kind. An engine not available here
 * still gets its suite, skipped and saying why, so its cases are counted as skipped, never absent.
 */
export function describeEachDatabase(title: string, fn: (kind: TestDatabaseKind) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const reason = kind === 'postgres' ? postgresSkipReason() : undefined;
    const name = title.replace('%s', kind);
    if (reason) describe.skip(`${name}${skipNote(reason)}`, () => fn(kind));
    else describe(name, () => fn(kind));
  }
}

/** For suites that need a server URL of their own (not Testcontainers): why they are skipped, if they are. */
export function postgresUrlSkipNote(): string {
  if (env.TSMODEL_TEST_PG_URL) return '';
  return skipNote(postgresSkipReason() ?? 'needs TSMODEL_TEST_PG_URL (Testcontainers is not used for it)');
}

function withAdapter(name: TestDatabaseKind, target: TargetConfig, cleanup: () => Promise<void>): TestDatabase {
  let adapter: Adapter | undefined;
  let disposed: Promise<void> | undefined;
  return {
    name,
    target,
    adapter: () => (adapter ??= createAdapter(target)),
    dispose: () =>
      (disposed ??= (async () => {
        await adapter?.close().catch(() => {});
        await cleanup();
      })()),
  };
}

// ---------------------------------------------------------------- pglite

async function createPgliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tsmodel-test-'));
  const dataDir = path.join(dir, 'db');
  await copyTemplate(dataDir);
  return withAdapter('pglite', pgliteTestTarget(dataDir), () => rm(dir, { recursive: true, force: true }));
}

/** A PGlite target of tests (schema main, one thread, no retries) on the folder `dataPath`. */
export function pgliteTestTarget(dataPath: string, extra: Partial<PgliteTarget> = {}): PgliteTarget {
  return {
    type: 'pglite',
    name: 'test',
    profileName: 'test',
    schema: 'main',
    threads: 1,
    retries: 0,
    retryDelayMs: 0,
    path: dataPath,
    ...extra,
  };
}

/** Copies an initialised PGlite data folder to `dataDir`; without a template PGlite runs initdb itself. */
async function copyTemplate(dataDir: string): Promise<void> {
  try {
    const template = await pgliteTemplate();
    if (template) await cp(template, dataDir, { recursive: true });
  } catch {
    await rm(dataDir, { recursive: true, force: true });
  }
}

let templatePromise: Promise<string | undefined> | undefined;

function pgliteTemplate(): Promise<string | undefined> {
  templatePromise ??= buildTemplate().catch(() => undefined);
  return templatePromise;
}

async function buildTemplate(): Promise<string | undefined> {
  const version = pgliteVersion();
  if (!version) return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const home = path.join(os.tmpdir(), `tsmodel-pglite-template-${version}-${uid}`);
  const data = path.join(home, 'data');
  if (existsSync(path.join(data, 'PG_VERSION'))) return data;
  // Build aside, then rename into place: atomic, so a concurrent test file sees all or nothing.
  const build = await mkdtemp(path.join(os.tmpdir(), 'tsmodel-pglite-build-'));
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(path.join(build, 'data'));
    await db.close();
    await rename(build, home);
  } catch {
    await rm(build, { recursive: true, force: true }); // another process won the race, or initdb failed
  }
  return existsSync(path.join(data, 'PG_VERSION')) ? data : undefined;
}

function pgliteVersion(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- postgres

async function createPostgresDatabase(): Promise<TestDatabase> {
  const url = env.TSMODEL_TEST_PG_URL || (await containerUrl());
  const dbname = `tsmodel_t_${randomBytes(6).toString('hex')}`;
  await admin(url, `CREATE DATABASE ${dbname}`);
  const target: PostgresTarget = { ...targetFromUrl(url), dbname };
  return withAdapter('postgres', target, () => admin(url, `DROP DATABASE IF EXISTS ${dbname} WITH (FORCE)`));
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'tsmodel-test' });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A PostgreSQL target (schema main) for a postgres:// URL; the user defaults to PGUSER, then the OS user. */
export function targetFromUrl(url: string): PostgresTarget {
  const u = new URL(url);
  return {
    type: 'postgres',
    name: 'test',
    profileName: 'test',
    schema: 'main',
    threads: 4,
    retries: 0,
    retryDelayMs: 0,
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || env.PGUSER || os.userInfo().username,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    dbname: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    sslmode: u.searchParams.get('sslmode') ?? undefined,
    source: 'DATABASE_URL',
  };
}

let container: Promise<string> | undefined;

/** A postgres:15 container for this test file (testcontainers' reaper removes it when the process ends). */
function containerUrl(): Promise<string> {
  container ??= (async () => {
    const { getContainerRuntimeClient } = await import('testcontainers');
    try {
      await getContainerRuntimeClient();
    } catch (err) {
      throw new Error(
        `no PostgreSQL for the tests: TSMODEL_TEST_PG_URL is not set and Docker is not usable (${String(err)}). ` +
          'Set TSMODEL_TEST_PG_URL=postgres://user@host:port/db, or TSMODEL_TEST_DOCKER=0 to test on PGlite only.',
        { cause: err },
      );
    }
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const started = await new PostgreSqlContainer('postgres:15').start();
    return started.getConnectionUri();
  })();
  return container;
}
