/**
 * Runs the tsmodel CLI as a subprocess, straight from the TypeScript sources
 * (node --import tsx), so end-to-end tests need no build and see the current
 * code. Also: fixture projects copied from src/cli/__fixtures__/, and a look
 * at what a PGlite database holds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAdapter } from '../../adapters/index.js';
import type { TestDatabase } from '../../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../../api/test-support/project-fixture.js';
import type { PgliteTarget, PostgresTarget } from '../../config/index.js';

const ENTRY = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const FIXTURES = fileURLToPath(new URL('../__fixtures__/', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together. */
  all: string;
}

let home: string | undefined;

/**
 * The environment a user without any tsmodel/dbt settings would have: no
 * TSMODEL_* / DBT_* / DB_* / DATABASE_URL / colour variables, and an empty HOME
 * (so no ~/.dbt/profiles.yml is found).
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  home ??= mkdtempSync(join(tmpdir(), 'tsmodel-home-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(TSMODEL_|DBT_|DB_|PG)/.test(k) || ['DATABASE_URL', 'NO_COLOR', 'FORCE_COLOR'].includes(k)) continue;
    env[k] = v;
  }
  env.HOME = home;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts `tsmodel <args>` in `cwd` and returns the child (for tests that signal or kill it). */
export function spawnCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; quiet?: boolean },
): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, ENTRY, ...args], {
    cwd: opts.cwd,
    env: cleanEnv(opts.env),
    stdio: opts.quiet ? 'ignore' : ['ignore', 'pipe', 'pipe'],
  });
}

/** A profiles.yml whose one target `pg` is the given PostgreSQL database. */
export function postgresProfile(profile: string, t: PostgresTarget, extra = ''): string {
  return (
    `${profile}:\n  target: pg\n  outputs:\n    pg: {type: postgres, host: ${t.host}, port: ` +
    `${t.port}, user: ${t.user}, dbname: ${t.dbname}, schema: main${extra ? `, ${extra}` : ''}}\n`
  );
}

/** `tsmodel <args>` in `cwd`; resolves when the process exits (never rejects on a non-zero exit). */
export function runCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined> },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, opts);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, all: `${stdout}\n${stderr}` }));
  });
}

/** Every file of a folder, as relative path → contents. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[relative(dir, abs).split('\\').join('/')] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A throwaway copy of a project under src/cli/__fixtures__/. */
export function fixtureProject(name: string): ProjectFixture {
  return projectFixture(readTree(join(FIXTURES, name)));
}

/**
 * Gives a project a ready PGlite database at <project>/<path> (copied from a
 * test database, which skips PGlite's initdb), after running `setupSql` in it.
 */
export async function seedPgliteDatabase(
  db: TestDatabase,
  projectDir: string,
  path = '.tsmodel/db',
  setupSql?: string,
): Promise<void> {
  if (setupSql) await db.adapter().query(setupSql);
  await db.adapter().close();
  const dest = join(projectDir, path);
  mkdirSync(join(dest, '..'), { recursive: true });
  cpSync((db.target as PgliteTarget).path, dest, { recursive: true });
}

function pgliteTarget(path: string): PgliteTarget {
  return {
    type: 'pglite',
    name: 'inspect',
    profileName: 'inspect',
    schema: 'main',
    threads: 1,
    retries: 0,
    retryDelayMs: 0,
    path,
  };
}

/** Runs one query on a PGlite database folder (opened and closed around it: the CLI must not run meanwhile). */
export async function queryPglite(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const adapter = createAdapter(pgliteTarget(path));
  try {
    return (await adapter.query(sql)).rows;
  } finally {
    await adapter.close();
  }
}

/**
 * The user relations of a PGlite database as "schema.name kind oid" lines: a
 * relation created, dropped or rebuilt (a table rebuilt gets a new oid) changes the list.
 */
export async function relationsIn(path: string): Promise<string[]> {
  const rows = await queryPglite(
    path,
    `select n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || c.oid::text as r
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'v', 'm', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
      order by 1`,
  );
  return rows.map((r) => String(r.r));
}

/** Lines of text that contain an ANSI escape sequence. */
export function ansiLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  return text.split('\n').filter((l) => /\u001b\[/.test(l));
}

/** Parses JSON lines, failing with the offending line. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${l}`);
      }
    });
}
