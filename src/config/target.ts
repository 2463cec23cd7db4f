import * as path from 'node:path';
import { nearestName } from '../errors/index.js';
import type { ValueChecker } from './check.js';
import type { DatabaseUrlParts } from './database-url.js';
import type { PgliteTarget, PostgresTarget, TargetConfig, TargetType, Warning } from './types.js';
import type { YamlDocument, YamlPath } from './yaml.js';

export const TARGET_TYPES: readonly TargetType[] = ['pglite', 'postgres', 'citus'];
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

const COMMON_KEYS = [
  'type',
  'schema',
  'threads',
  'retries',
  'retry_delay',
  'retry_backoff',
  'lock_timeout',
  'statement_timeout',
];
const PGLITE_KEYS = ['path'];
/** The keys DATABASE_URL replaces. */
export const CONNECTION_KEYS = ['host', 'port', 'user', 'pass', 'password', 'dbname', 'database'];
const POSTGRES_KEYS = [
  ...CONNECTION_KEYS,
  'connect_timeout',
  'keepalives_idle',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'search_path',
  'role',
  'application_name',
];
export const SECRET_KEYS: ReadonlySet<string> = new Set(['pass', 'password']);

export interface BuildTargetContext {
  name: string;
  profileName: string;
  projectDir: string;
  /** Where the output is in the profiles file, e.g. [profile, 'outputs', target]. */
  basePath: YamlPath;
  doc: YamlDocument;
  check: ValueChecker;
  warnings: Warning[];
  /** The --threads flag, which wins over the profile. */
  threads?: number;
  /** DATABASE_URL's parts, when it is set (applies to postgres targets only). */
  databaseUrl?: DatabaseUrlParts;
}

/** Turns a rendered profile output into a validated TargetConfig (undefined when `check` collected errors). */
export function buildTarget(out: Record<string, unknown>, ctx: BuildTargetContext): TargetConfig | undefined {
  const { check, basePath: base } = ctx;
  const at = (key: string): YamlPath => [...base, key];
  const has = (key: string): boolean => out[key] !== undefined && out[key] !== null && out[key] !== '';
  const label = (key: string): string => `${key} of target '${ctx.name}'`;

  let type: TargetType | undefined;
  if (!has('type')) {
    check.fail(base, `target '${ctx.name}' has no \`type\``, `add \`type: postgres\` or \`type: pglite\``);
  } else {
    const raw = check.string(at('type'), out.type, label('type'), 'type: postgres');
    if (raw !== undefined && (TARGET_TYPES as readonly string[]).includes(raw)) type = raw as TargetType;
    else if (raw !== undefined) {
      const near = nearestName(raw, TARGET_TYPES);
      check.fail(
        at('type'),
        `target type '${raw}' is not supported (tsmodel runs on ${TARGET_TYPES.join(', ')})`,
        near
          ? `did you mean \`type: ${near}\`?`
          : 'use `type: postgres` for a server or `type: pglite` for the embedded database',
      );
    }
  }

  const known = new Set([
    ...COMMON_KEYS,
    ...(type === 'pglite' ? PGLITE_KEYS : type ? POSTGRES_KEYS : [...PGLITE_KEYS, ...POSTGRES_KEYS]),
  ]);
  for (const key of Object.keys(out)) {
    if (known.has(key)) continue;
    const elsewhere = [...PGLITE_KEYS, ...POSTGRES_KEYS].includes(key);
    const near = elsewhere ? undefined : nearestName(key, known);
    ctx.warnings.push({
      message: elsewhere
        ? `'${key}' does not apply to a ${type} target ('${ctx.name}'); it is ignored`
        : `unknown key '${key}' in target '${ctx.name}'${near ? ` (did you mean '${near}'?)` : ''}; it is ignored`,
      location: ctx.doc.locate(at(key)),
    });
  }

  const schema = has('schema') ? check.string(at('schema'), out.schema, label('schema'), 'schema: analytics') : 'main';
  let threads = has('threads') ? check.integer(at('threads'), out.threads, label('threads'), 'threads: 4', 1, 1024) : 1;
  const retries = has('retries')
    ? check.integer(at('retries'), out.retries, label('retries'), 'retries: 3', 0, 100)
    : 3;
  const retryDelay = has('retry_delay')
    ? check.number(at('retry_delay'), out.retry_delay, label('retry_delay'), 'retry_delay: 30  # seconds')
    : 30;
  const retryBackoff = has('retry_backoff')
    ? check.number(
        at('retry_backoff'),
        out.retry_backoff,
        label('retry_backoff'),
        'retry_backoff: 2  # each wait twice the last',
      )
    : 1;
  const lockTimeout = has('lock_timeout')
    ? check.number(at('lock_timeout'), out.lock_timeout, label('lock_timeout'), 'lock_timeout: 60  # seconds')
    : 60;
  const statementTimeoutMs = has('statement_timeout')
    ? check.integer(
        at('statement_timeout'),
        out.statement_timeout,
        label('statement_timeout'),
        'statement_timeout: 60000  # milliseconds',
      )
    : undefined;
  if (ctx.threads !== undefined) threads = ctx.threads;
  if (type === undefined) return undefined;
  threads ??= 1;

  // Values that failed their check are left at defaults: `check.errors` makes the caller throw.
  const base_ = {
    name: ctx.name,
    profileName: ctx.profileName,
    schema: schema ?? 'main',
    threads,
    retries: retries ?? 3,
    retryDelayMs: Math.round((retryDelay ?? 30) * 1000),
    retryBackoff: retryBackoff ?? 1,
    lockTimeoutMs: Math.round((lockTimeout ?? 60) * 1000),
    ...(statementTimeoutMs ? { statementTimeoutMs } : {}),
  };

  if (type === 'pglite') {
    if (threads > 1) {
      ctx.warnings.push({
        message:
          `target '${ctx.name}' is an embedded PGlite database, which runs one statement at a ` +
          `time: threads set to 1 (${threads} asked)`,
        location: has('threads') && ctx.threads === undefined ? ctx.doc.locateValue(at('threads')) : undefined,
      });
    }
    const rawPath = has('path')
      ? check.string(at('path'), out.path, label('path'), 'path: .tsmodel/pgdata')
      : '.tsmodel/pgdata';
    if (rawPath === undefined) return undefined;
    const dataPath = rawPath.startsWith('memory://') ? rawPath : path.resolve(ctx.projectDir, rawPath);
    const target: PgliteTarget = { ...base_, type, threads: 1, path: dataPath };
    return target;
  }
  return buildPostgres(out, ctx, type, base_);
}

function buildPostgres(
  out: Record<string, unknown>,
  ctx: BuildTargetContext,
  type: 'postgres' | 'citus',
  base: Omit<PostgresTarget, 'type' | 'host' | 'port' | 'user' | 'dbname' | 'source'>,
): PostgresTarget | undefined {
  const { check, basePath } = ctx;
  const url = ctx.databaseUrl;
  const at = (key: string): YamlPath => [...basePath, key];
  const has = (key: string): boolean => out[key] !== undefined && out[key] !== null && out[key] !== '';
  const label = (key: string): string => `${key} of target '${ctx.name}'`;
  const str = (key: string, example: string, lenient = false): string | undefined =>
    has(key) ? check.string(at(key), out[key], label(key), example, lenient) : undefined;
  const pick = (a: string, b: string): string => {
    if (has(a) && has(b) && out[a] !== out[b]) {
      ctx.warnings.push({
        message: `target '${ctx.name}' sets both '${a}' and '${b}'; '${a}' is used`,
        location: ctx.doc.locate(at(b)),
      });
    }
    return has(a) ? a : b;
  };

  const skip = url !== undefined;
  let host = skip && url.host ? url.host : (str('host', 'host: localhost') ?? 'localhost');
  let port =
    skip && url.port
      ? url.port
      : has('port')
        ? check.integer(at('port'), out.port, label('port'), 'port: 5432', 1, 65535)
        : 5432;
  const user = skip && url.user ? url.user : str('user', 'user: postgres');
  const passKey = pick('password', 'pass');
  const password =
    skip && url.password ? url.password : str(passKey, 'password: "{{ env_var(\'DB_PASSWORD\') }}"', true);
  const dbKey = pick('dbname', 'database');
  const dbname = skip && url.dbname ? url.dbname : str(dbKey, 'dbname: analytics');
  const sslmode = url?.sslmode ?? str('sslmode', 'sslmode: require');
  if (sslmode !== undefined && !SSL_MODES.includes(sslmode)) {
    const near = nearestName(sslmode, SSL_MODES);
    const fromUrl = url?.sslmode !== undefined;
    check.fail(
      fromUrl ? basePath : at('sslmode'),
      `sslmode '${sslmode}'${fromUrl ? ' (from DATABASE_URL)' : ''} is not one of ${SSL_MODES.join(', ')}`,
      near ? `did you mean sslmode: ${near}?` : 'e.g. sslmode: require',
    );
  }
  if (user === undefined && !has('user')) {
    check.fail(
      basePath,
      `target '${ctx.name}' has no \`user\``,
      'add `user: "{{ env_var(\'DB_USER\') }}"`, or set DATABASE_URL',
    );
  }
  if (dbname === undefined && !has(dbKey)) {
    check.fail(
      basePath,
      `target '${ctx.name}' has no \`dbname\``,
      'add `dbname: "{{ env_var(\'DB_NAME\') }}"`, or set DATABASE_URL',
    );
  }
  const seconds = (key: string, example: string): number | undefined =>
    has(key) ? check.number(at(key), out[key], label(key), example) : undefined;
  const connectTimeout = seconds('connect_timeout', 'connect_timeout: 10  # seconds');
  const keepalivesIdle = seconds('keepalives_idle', 'keepalives_idle: 0  # seconds');
  if (user === undefined || dbname === undefined) return undefined;
  host = (host ?? 'localhost').trim();
  port = Math.trunc(port ?? 5432);

  const optional: Partial<PostgresTarget> = {};
  if (password !== undefined && password !== '') optional.password = password;
  if (connectTimeout !== undefined) optional.connectTimeoutMs = Math.round(connectTimeout * 1000);
  if (keepalivesIdle !== undefined) optional.keepalivesIdle = keepalivesIdle;
  if (sslmode !== undefined) optional.sslmode = sslmode;
  for (const [key, field] of [
    ['sslrootcert', 'sslrootcert'],
    ['sslcert', 'sslcert'],
    ['sslkey', 'sslkey'],
    ['search_path', 'searchPath'],
    ['role', 'role'],
    ['application_name', 'applicationName'],
  ] as const) {
    const value = str(key, `${key}: …`);
    if (value !== undefined) optional[field] = value;
  }
  return { ...base, ...optional, type, host, port, user, dbname, source: url ? 'DATABASE_URL' : 'profile' };
}
