import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TsmodelError, TsmodelErrors, toErrorList } from '../errors/index.js';
import { parseDatabaseUrl } from './database-url.js';
import { describeTarget } from './describe.js';
import { loadTarget } from './profiles.js';
import type { LoadTargetOptions } from './profiles.js';
import type { Env, PostgresTarget } from './types.js';

let project: string;
beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'tsmodel-target-'));
});
afterEach(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

/** Writes profiles.yml with one `dev` output made of `lines` (each "key: value"). */
function profile(lines: string[]): void {
  const body = lines.map((l) => `      ${l}`).join('\n');
  fs.writeFileSync(path.join(project, 'profiles.yml'), `shop:\n  target: dev\n  outputs:\n    dev:\n${body}\n`);
}

function load(env: Env = {}, extra: Partial<LoadTargetOptions> = {}) {
  return loadTarget({ projectDir: project, profileName: 'shop', env: { HOME: project, ...env }, ...extra });
}

function errorsOf(fn: () => unknown): TsmodelError[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof TsmodelErrors || err instanceof TsmodelError) return toErrorList(err);
    throw err;
  }
  throw new Error('expected an error');
}

const PG = ['type: postgres', 'host: db', 'port: 5432', 'user: etl', 'dbname: wh', 'schema: analytics'];

describe('rendering profiles.yml values', () => {
  it('renders env_var with and without defaults, and dbt filters', () => {
    profile([
      'type: postgres',
      `host: "{{ env_var('PGHOST') }}"`,
      `port: "{{ env_var('PGPORT', 5433) | as_number }}"`,
      `user: "{{ env_var('PGUSER', 'etl') | as_text }}"`,
      `dbname: "wh_{{ env_var('STAGE', 'dev') }}"`,
      `threads: "{{ env_var('THREADS', '2') | int }}"`,
      `connect_timeout: "{{ env_var('TIMEOUT', '5') | as_number }}"`,
      'schema: analytics',
    ]);
    expect(load({ PGHOST: 'pg.local' }).target).toMatchObject({
      host: 'pg.local',
      port: 5433,
      user: 'etl',
      dbname: 'wh_dev',
      threads: 2,
      connectTimeoutMs: 5000,
    });
  });

  it('a missing variable without default names it, the file and the line', () => {
    profile([...PG, `password: "{{ env_var('DB_PASSWORD') }}"`]);
    const [err, ...rest] = errorsOf(() => load());
    expect(rest).toEqual([]);
    expect(err!.code).toBe('config');
    expect(err!.message).toBe(
      "environment variable DB_PASSWORD is not set (used by password of target 'dev' in profiles.yml)",
    );
    expect(err!.location).toEqual({ file: 'profiles.yml', line: 11, column: 17 });
    expect(err!.hint).toContain('export DB_PASSWORD=');
    expect(err!.hint).toContain("env_var('DB_PASSWORD', 'default')");
  });

  it('only the selected target is rendered', () => {
    fs.writeFileSync(
      path.join(project, 'profiles.yml'),
      'shop:\n  target: dev\n  outputs:\n    dev:\n      type: pglite\n    prod:\n      type: postgres\n' +
        `      password: "{{ env_var('PROD_PASSWORD') }}"\n`,
    );
    expect(load().target.type).toBe('pglite');
  });

  it('reports a template syntax error at its value', () => {
    profile(['type: pglite', `schema: "{{ env_var('X' }}"`]);
    const [err] = errorsOf(() => load());
    expect(err!.message).toMatch(/^cannot render schema of target 'dev': /);
    expect(err!.location?.line).toBe(6);
  });
});

describe('target values', () => {
  it('reads every postgres key', () => {
    profile([
      ...PG.filter((l) => !l.startsWith('dbname')),
      'database: wh',
      'pass: pw',
      'threads: 8',
      'sslmode: require',
      'keepalives_idle: 10',
      'search_path: a,b',
      'role: loader',
      'statement_timeout: 60000',
      'retries: 5',
      'retry_delay: 1.5',
      'retry_backoff: 2',
      'lock_timeout: 5',
    ]);
    expect(load().target).toEqual({
      name: 'dev',
      profileName: 'shop',
      type: 'postgres',
      host: 'db',
      port: 5432,
      user: 'etl',
      password: 'pw',
      dbname: 'wh',
      schema: 'analytics',
      threads: 8,
      sslmode: 'require',
      keepalivesIdle: 10,
      searchPath: 'a,b',
      role: 'loader',
      statementTimeoutMs: 60000,
      retries: 5,
      retryDelayMs: 1500,
      retryBackoff: 2,
      lockTimeoutMs: 5000,
      source: 'profile',
    });
  });

  it('reports wrong types at file:line:column', () => {
    profile(['type: postgres', 'host: db', 'port: abc', 'user: etl', 'dbname: wh', 'threads: [1]', 'sslmode: requre']);
    const errors = errorsOf(() => load());
    expect(errors.map((e) => [e.message, e.location])).toEqual([
      ["threads of target 'dev' must be an integer, got a list", { file: 'profiles.yml', line: 10, column: 16 }],
      ["port of target 'dev' must be an integer, got a string ('abc')", { file: 'profiles.yml', line: 7, column: 13 }],
      [
        "sslmode 'requre' is not one of disable, allow, prefer, require, verify-ca, verify-full, no-verify",
        { file: 'profiles.yml', line: 11, column: 16 },
      ],
    ]);
    expect(errors[2]!.hint).toBe('did you mean sslmode: require?');
  });

  it('rejects an unsupported type with a suggestion', () => {
    profile(['type: postgress']);
    const [err] = errorsOf(() => load());
    expect(err!.message).toContain("target type 'postgress' is not supported");
    expect(err!.hint).toBe('did you mean `type: postgres`?');
  });

  it('accepts citus as a postgres flavour', () => {
    profile(['type: citus', 'host: coordinator', 'user: u', 'dbname: d']);
    expect(load().target).toMatchObject({ type: 'citus', host: 'coordinator', port: 5432, schema: 'main' });
  });

  it('warns about unknown keys with a suggestion', () => {
    profile([...PG, 'treads: 4']);
    expect(load().warnings).toEqual([
      {
        message: "unknown key 'treads' in target 'dev' (did you mean 'threads'?); it is ignored",
        location: { file: 'profiles.yml', line: 11, column: 7 },
      },
    ]);
  });

  it('--threads overrides; pglite is forced to one thread with a warning', () => {
    profile([...PG, 'threads: 2']);
    expect(load({}, { threads: 6 }).target.threads).toBe(6);
    profile(['type: pglite', 'threads: 4', 'path: memory://']);
    const loaded = load();
    expect(loaded.target).toMatchObject({ threads: 1, path: 'memory://' });
    expect(loaded.warnings[0]!.message).toContain('threads set to 1 (4 asked)');
  });
});

describe('DATABASE_URL', () => {
  const URL_ENV = { DATABASE_URL: 'postgres://app%40x:p%2Fss@db.example.com:6432/prod?sslmode=verify-full' };

  it('takes precedence over the connection settings of a postgres target', () => {
    profile([...PG, `password: "{{ env_var('DB_PASSWORD') }}"`]);
    const target = load(URL_ENV).target as PostgresTarget;
    expect(target).toMatchObject({
      host: 'db.example.com',
      port: 6432,
      user: 'app@x',
      password: 'p/ss',
      dbname: 'prod',
      sslmode: 'verify-full',
      schema: 'analytics',
      source: 'DATABASE_URL',
    });
  });

  it('does not apply to a pglite target', () => {
    profile(['type: pglite']);
    expect(load(URL_ENV).target.type).toBe('pglite');
  });

  it('parses the parts present', () => {
    expect(parseDatabaseUrl('postgresql://localhost/db')).toEqual({ host: 'localhost', dbname: 'db' });
    expect(parseDatabaseUrl('postgres://u@/db?host=/var/run/postgresql')).toEqual({
      host: '/var/run/postgresql',
      user: 'u',
      dbname: 'db',
    });
  });

  it('an invalid URL is reported without repeating it', () => {
    profile(PG);
    const [err] = errorsOf(() => load({ DATABASE_URL: 'mysql://root:hunter2@h/db' }));
    expect(err!.message).toBe('DATABASE_URL must start with postgres:// or postgresql://, not mysql://');
    expect(JSON.stringify(err)).not.toContain('hunter2');
    expect(errorsOf(() => parseDatabaseUrl('::hunter2::'))[0]!.message).toBe('DATABASE_URL is not a valid URL');
  });
});

describe('secrets', () => {
  const SECRET = 'Sup3r-Secret!';

  it('never puts the password in an error or a warning', () => {
    profile([
      'type: postgres',
      'host: db',
      'port: abc',
      'user: etl',
      'dbname: wh',
      `password: [${SECRET}]`,
      'treads: 3',
      'sslmode: nope',
    ]);
    const errors = errorsOf(() => load());
    expect(errors.some((e) => e.message.startsWith("password of target 'dev' must be a string, got a list"))).toBe(
      true,
    );
    for (const e of errors) expect(`${e.message} ${e.hint} ${JSON.stringify(e.location)}`).not.toContain(SECRET);

    profile([...PG, `password: "${SECRET}"`, 'treads: 3']);
    const loaded = load({ DB_PASSWORD: SECRET });
    expect(JSON.stringify(loaded.warnings)).not.toContain(SECRET);
    const url = `postgres://u:${SECRET}@h:99999/db`;
    expect(
      errorsOf(() => load({ DATABASE_URL: url }))
        .map((e) => e.message)
        .join(' '),
    ).not.toContain(SECRET);
  });

  it('a template error in a password does not echo the template', () => {
    profile([...PG, `password: "{{ ${SECRET} }"`]);
    const [err] = errorsOf(() => load());
    expect(err!.message).toBe("cannot render password of target 'dev': a template error");
  });

  it('describeTarget hides the password', () => {
    profile([...PG, `password: "${SECRET}"`]);
    const view = describeTarget(load().target);
    expect(view).toMatchObject({ type: 'postgres', host: 'db', password: '****', user: 'etl' });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    profile(PG);
    expect(describeTarget(load().target)).not.toHaveProperty('password');
  });
});
