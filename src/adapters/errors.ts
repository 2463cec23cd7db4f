import { TsmodelError } from '../errors/index.js';

/** A 1-based line and column in a SQL text. */
export interface SqlPosition {
  line: number;
  column: number;
}

export interface DatabaseErrorFields {
  /** The SQLSTATE, e.g. "42601"; undefined when the failure was not reported by the server. */
  sqlstate?: string;
  /** 1-based character (code point) offset into `sql`, when the server gives one. */
  position?: number;
  detail?: string;
  hint?: string;
  /** PostgreSQL's context, e.g. "COPY customers, line 5, column age: \"abc\"". */
  where?: string;
  sql: string;
  cause?: unknown;
}

/** A statement failed on the database (pg's and PGlite's errors, converted by toDatabaseError). */
export class DatabaseError extends TsmodelError {
  readonly sqlstate?: string;
  readonly position?: number;
  readonly detail?: string;
  readonly where?: string;
  readonly sql: string;
  /** Where `position` falls in `sql` (1-based), when there is a position. */
  readonly sqlPosition?: SqlPosition;

  constructor(message: string, fields: DatabaseErrorFields) {
    super('database', message, { hint: fields.hint ?? defaultHint(fields.sqlstate), cause: fields.cause });
    this.name = 'DatabaseError';
    this.sqlstate = fields.sqlstate;
    this.position = fields.position;
    this.detail = fields.detail;
    this.where = fields.where;
    this.sql = fields.sql;
    if (fields.position !== undefined) this.sqlPosition = lineOfPosition(fields.sql, fields.position);
  }
}

export interface ConnectionErrorFields {
  /** What we tried to reach, e.g. "127.0.0.1:5432" or "PGlite at /path/.tsmodel/db". Never a password. */
  endpoint: string;
  attempts: number;
  cause?: unknown;
  hint?: string;
  /** Scrubbed from the cause's message, just in case (only when 4+ characters long). */
  password?: string;
}

/** Could not connect (or open the embedded database) after every attempt. */
export class ConnectionError extends TsmodelError {
  readonly endpoint: string;
  readonly attempts: number;

  constructor(fields: ConnectionErrorFields) {
    const reason = scrub(errorMessage(fields.cause), fields.password);
    const tries = `${fields.attempts} attempt${fields.attempts === 1 ? '' : 's'}`;
    super('connection', `could not connect to ${fields.endpoint} after ${tries}${reason ? `: ${reason}` : ''}`, {
      hint: fields.hint ?? connectionHint(fields.cause),
      cause: fields.cause,
    });
    this.name = 'ConnectionError';
    this.endpoint = fields.endpoint;
    this.attempts = fields.attempts;
  }
}

/** The 1-based line and column of a 1-based character (code point) position, as PostgreSQL counts it. */
export function lineOfPosition(sql: string, position: number): SqlPosition {
  let line = 1;
  let column = 1;
  let index = 1;
  let prev = '';
  for (const ch of sql) {
    if (index >= position) break;
    if (ch === '\n') {
      if (prev !== '\r') line++;
      column = 1;
    } else if (ch === '\r') {
      line++;
      column = 1;
    } else {
      column++;
    }
    prev = ch;
    index++;
  }
  return { line, column };
}

const TRANSIENT_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs where the same statement can succeed a moment later: admin
 * shutdown, crash, cannot connect now, too many connections, serialization
 * failure, deadlock, and the connection-exception class 08 — except 08P01
 * (protocol violation: the bytes we sent are malformed, e.g. a NUL in the SQL,
 * and will be again) and 08007 (transaction resolution unknown: it may have
 * committed, so running it again could apply it twice).
 */
const TRANSIENT_SQLSTATE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '40001',
  '40P01',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const TRANSIENT_MESSAGES = [
  'connection terminated unexpectedly',
  'connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
];

/**
 * True when trying again may succeed: the server was unreachable, restarting or
 * full, the connection dropped, or the transaction lost a serialization or
 * deadlock race. False for errors in the SQL, permissions, constraints, etc.
 */
export function isTransient(err: unknown): boolean {
  return transient(err, 0);
}

function transient(err: unknown, depth: number): boolean {
  if (err === null || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; sqlstate?: unknown; errors?: unknown; cause?: unknown; message?: unknown };
  const state = typeof e.sqlstate === 'string' ? e.sqlstate : undefined;
  if (state !== undefined) return isTransientSqlstate(state);
  if (typeof e.code === 'string') {
    if (TRANSIENT_ERRNO.has(e.code)) return true;
    if (isSqlstate(e.code)) return isTransientSqlstate(e.code);
  }
  if (typeof e.message === 'string') {
    const msg = e.message.toLowerCase();
    if (TRANSIENT_MESSAGES.some((m) => msg.includes(m))) return true;
  }
  if (Array.isArray(e.errors) && e.errors.some((x) => transient(x, depth + 1))) return true;
  return transient(e.cause, depth + 1);
}

function isTransientSqlstate(state: string): boolean {
  return TRANSIENT_SQLSTATE.has(state);
}

function isSqlstate(code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code);
}

interface ServerErrorLike {
  message?: unknown;
  code?: unknown;
  position?: unknown;
  detail?: unknown;
  hint?: unknown;
  where?: unknown;
}

/**
 * Converts what pg or PGlite threw for `sql` into our DatabaseError. Both
 * libraries put the SQLSTATE in `err.code` and a 1-based `position` string on
 * server errors (PGlite's error classes are minified: never match on names).
 * Anything else (a dropped socket, "PGlite is closed") becomes a DatabaseError
 * without sqlstate, keeping the original as `cause` (isTransient looks there).
 */
export function toDatabaseError(err: unknown, sql: string): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as ServerErrorLike;
  const message = errorMessage(err) || 'unknown database error';
  const code = typeof e.code === 'string' && isSqlstate(e.code) ? e.code : undefined;
  const position = Number.parseInt(String(e.position ?? ''), 10);
  return new DatabaseError(message, {
    sqlstate: code,
    position: Number.isFinite(position) && position > 0 ? position : undefined,
    detail: nonEmpty(e.detail),
    hint: nonEmpty(e.hint),
    where: nonEmpty(e.where),
    sql,
    cause: err,
  });
}

/** Rethrow helper for adapters: our own errors pass through, the rest are converted. */
export function asQueryError(err: unknown, sql: string): TsmodelError {
  return err instanceof TsmodelError ? err : toDatabaseError(err, sql);
}

/** A hint for a failed connection, from what went wrong. */
export function connectionHint(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === '28P01' || code === '28000') {
    return 'Check the user and password (DB_USER / DB_PASSWORD, DATABASE_URL, or the target in your profile).';
  }
  if (code === '3D000') {
    return 'Create the database, or check DB_NAME (or DATABASE_URL, or the target in your profile).';
  }
  if (code === 'ENOTFOUND') return 'The host name does not resolve: check DB_HOST (or DATABASE_URL, or the profile).';
  return (
    'Is the PostgreSQL server running and accepting TCP connections there? ' +
    'Check DB_HOST / DB_PORT (or DATABASE_URL, or the target in your profile).'
  );
}

function defaultHint(sqlstate: string | undefined): string | undefined {
  switch (sqlstate) {
    case '42P01':
      return 'The relation does not exist: check the name, and that the model or seed that creates it has run.';
    case '42703':
      return 'A column does not exist: check its spelling and the upstream model that should provide it.';
    case '57014':
      return 'The statement was cancelled (by a cancel request or statement_timeout).';
    case '25P02':
      return 'An earlier statement in the transaction failed; everything in it was rolled back.';
    default:
      return undefined;
  }
}

function errorMessage(err: unknown): string {
  if (err === undefined || err === null) return '';
  if (err instanceof AggregateError && err.errors.length > 0 && !err.message) {
    return err.errors.map((e) => errorMessage(e)).join('; ');
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

function scrub(text: string, password: string | undefined): string {
  if (!password || password.length < 4) return text;
  return text.split(password).join('***');
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
