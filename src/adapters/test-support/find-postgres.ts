/**
 * Where the tests find a PostgreSQL server, in order: TSMODEL_TEST_PG_URL; the PG* variables
 * (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) when any is set; the conventional local server
 * postgres://$USER@127.0.0.1:5432/postgres; else Testcontainers when Docker looks usable.
 * A server counts only if it answers and its user may create databases (each test file makes its own).
 * TSMODEL_TEST_PG=0 runs on PGlite only.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresChoice {
  /** The admin URL the tests create their databases through; undefined for Docker or none. */
  url?: string;
  /** Where it came from, for the run's first line. */
  source: 'TSMODEL_TEST_PG_URL' | 'PG* variables' | 'local server' | 'Testcontainers (Docker)' | 'none';
  /** The server's version, when one answered. */
  version?: string;
  /** Why PostgreSQL is not tested (source 'none'), or why the URL that was given is unusable. */
  problem?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A URL made from libpq's PG* variables, or undefined when none is set. */
export function urlFromPgVariables(env: Env): string | undefined {
  const keys = ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'];
  if (!keys.some((k) => env[k])) return undefined;
  const u = new URL('postgres://127.0.0.1:5432/postgres');
  if (env.PGHOST && !env.PGHOST.startsWith('/')) u.hostname = env.PGHOST;
  if (env.PGPORT) u.port = env.PGPORT;
  u.username = encodeURIComponent(env.PGUSER ?? os.userInfo().username);
  if (env.PGPASSWORD) u.password = encodeURIComponent(env.PGPASSWORD);
  if (env.PGDATABASE) u.pathname = `/${encodeURIComponent(env.PGDATABASE)}`;
  return u.toString();
}

export function dockerLooksUsable(env: Env): boolean {
  if (env.TSMODEL_TEST_DOCKER === '0') return false;
  if (env.DOCKER_HOST) return true;
  const home = os.homedir();
  return [
    '/var/run/docker.sock',
    path.join(home, '.docker/run/docker.sock'),
    path.join(home, '.docker/desktop/docker.sock'),
  ].some((s) => existsSync(s));
}

/** Connects once: the server's version, or why it cannot host the tests' databases. */
export async function probe(url: string): Promise<{ version?: string; problem?: string }> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 3000,
    application_name: 'tsmodel-test',
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const res = await client.query<{ version: string; can_create: boolean }>(
      'select current_setting($1) as version, (rolcreatedb or rolsuper) as can_create from pg_roles where rolname = current_user',
      ['server_version'],
    );
    const row = res.rows[0];
    if (!row) return { problem: 'its user has no role row' };
    if (!row.can_create) return { version: row.version, problem: 'its user may not create databases (CREATEDB)' };
    return { version: row.version };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Hides a password in a URL shown to people. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

export async function findPostgres(env: Env): Promise<PostgresChoice> {
  if (env.TSMODEL_TEST_PG === '0') return { source: 'none', problem: 'TSMODEL_TEST_PG=0 (PGlite only, asked for)' };
  if (env.TSMODEL_TEST_PG_URL) {
    const url = env.TSMODEL_TEST_PG_URL;
    const { version, problem } = await probe(url);
    return { url, source: 'TSMODEL_TEST_PG_URL', version, problem };
  }
  const tried: string[] = [];
  const fromVariables = urlFromPgVariables(env);
  const local = `postgres://${encodeURIComponent(os.userInfo().username)}@127.0.0.1:5432/postgres`;
  for (const [url, source] of [
    [fromVariables, 'PG* variables'],
    [local, 'local server'],
  ] as const) {
    if (!url) continue;
    const { version, problem } = await probe(url);
    if (!problem) return { url, source, version };
    tried.push(`${displayUrl(url)}: ${problem}`);
  }
  if (dockerLooksUsable(env)) return { source: 'Testcontainers (Docker)' };
  tried.push(env.TSMODEL_TEST_DOCKER === '0' ? 'Docker: TSMODEL_TEST_DOCKER=0' : 'Docker: no socket');
  return { source: 'none', problem: `no server found (${tried.join('; ')})` };
}
