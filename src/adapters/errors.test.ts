import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import {
  ConnectionError,
  DatabaseError,
  asQueryError,
  isTransient,
  lineOfPosition,
  toDatabaseError,
} from './errors.js';

function errno(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** Shaped like pg's and PGlite's server errors: SQLSTATE in code, position as a string. */
function serverError(code: string, message: string, extra: Record<string, string> = {}): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR', ...extra });
}

describe('lineOfPosition', () => {
  const sql = 'select a,\n  b\nfrom t\nwhere';
  it.each([
    [1, 1, 1],
    [9, 1, 9],
    [10, 1, 10], // the newline itself belongs to line 1
    [11, 2, 1],
    [13, 2, 3],
    [15, 3, 1],
    [22, 4, 1],
  ])('position %i is line %i, column %i', (position, line, column) => {
    expect(lineOfPosition(sql, position)).toEqual({ line, column });
  });

  it('counts characters as PostgreSQL does (code points), and CRLF as one line break', () => {
    expect(lineOfPosition("select '😀é', x", 14)).toEqual({ line: 1, column: 14 });
    expect(lineOfPosition('a\r\nb\r\nc', 7)).toEqual({ line: 3, column: 1 });
  });

  it('stops at the end of the text', () => {
    expect(lineOfPosition('ab\ncd', 99)).toEqual({ line: 2, column: 3 });
  });
});

describe('isTransient', () => {
  it.each<[string, unknown, boolean]>([
    ['connection refused', errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), true],
    ['connection reset', errno('ECONNRESET'), true],
    ['timed out', errno('ETIMEDOUT'), true],
    ['broken pipe', errno('EPIPE'), true],
    ['unknown host', errno('ENOTFOUND'), false],
    ['admin shutdown 57P01', serverError('57P01', 'terminating connection due to administrator command'), true],
    ['crash shutdown 57P02', serverError('57P02', 'crash shutdown'), true],
    ['cannot connect now 57P03', serverError('57P03', 'the database system is starting up'), true],
    ['too many connections 53300', serverError('53300', 'sorry, too many clients already'), true],
    ['serialization failure 40001', serverError('40001', 'could not serialize access'), true],
    ['deadlock 40P01', serverError('40P01', 'deadlock detected'), true],
    ['connection failure 08006', serverError('08006', 'connection failure'), true],
    ['connection does not exist 08003', serverError('08003', 'connection does not exist'), true],
    ['connection exception 08000', serverError('08000', 'connection exception'), true],
    ['unable to connect 08001', serverError('08001', 'could not connect'), true],
    ['protocol violation 08P01', serverError('08P01', 'invalid message format'), false],
    ['transaction resolution unknown 08007', serverError('08007', 'transaction resolution unknown'), false],
    ['our protocol violation', toDatabaseError(serverError('08P01', 'invalid message format'), 'select 1'), false],
    ['syntax error 42601', serverError('42601', 'syntax error'), false],
    ['undefined table 42P01', serverError('42P01', 'relation does not exist'), false],
    ['permission denied 42501', serverError('42501', 'permission denied for table t'), false],
    ['unique violation 23505', serverError('23505', 'duplicate key'), false],
    ['not null violation 23502', serverError('23502', 'null value'), false],
    ['query canceled 57014', serverError('57014', 'canceling statement'), false],
    ['auth failed 28P01', serverError('28P01', 'password authentication failed'), false],
    ['pg: terminated unexpectedly', new Error('Connection terminated unexpectedly'), true],
    ['pg: connection timeout', new Error('Connection terminated due to connection timeout'), true],
    ['AggregateError of refusals', Object.assign(new AggregateError([errno('ECONNREFUSED')], ''), {}), true],
    ['cause chain', new Error('outer', { cause: errno('ECONNRESET') }), true],
    ['plain error', new Error('boom'), false],
    ['a string', 'ECONNREFUSED', false],
    ['undefined', undefined, false],
  ])('%s → %s', (_name, err, expected) => {
    expect(isTransient(err)).toBe(expected);
  });

  it('looks at our own errors: the sqlstate decides, else the cause', () => {
    expect(isTransient(toDatabaseError(serverError('40001', 'could not serialize'), 'update t'))).toBe(true);
    expect(isTransient(toDatabaseError(serverError('42601', 'syntax'), 'selec'))).toBe(false);
    expect(isTransient(toDatabaseError(errno('ECONNRESET'), 'select 1'))).toBe(true);
    expect(isTransient(new ConnectionError({ endpoint: 'h:1', attempts: 1, cause: errno('ECONNREFUSED') }))).toBe(true);
  });
});

describe('toDatabaseError', () => {
  it('keeps what the server said', () => {
    const sql = 'insert into t values (1)';
    const err = toDatabaseError(
      serverError('23505', 'duplicate key value violates unique constraint "t_pkey"', {
        detail: 'Key (id)=(1) already exists.',
        hint: '',
        position: '',
      }),
      sql,
    );
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err).toBeInstanceOf(TsmodelError);
    expect(err).toMatchObject({ code: 'database', sqlstate: '23505', detail: 'Key (id)=(1) already exists.', sql });
    expect(err.position).toBeUndefined();
    expect(err.hint).toBeUndefined();
  });

  it('maps the position to a line and column', () => {
    const sql = 'select 1\nfrom\nwhere';
    const err = toDatabaseError(serverError('42601', 'syntax error at or near "where"', { position: '15' }), sql);
    expect(err.position).toBe(15);
    expect(err.sqlPosition).toEqual({ line: 3, column: 1 });
  });

  it('uses the server hint, or one of ours for common states', () => {
    expect(toDatabaseError(serverError('42883', 'no function', { hint: 'Add casts.' }), 'x').hint).toBe('Add casts.');
    expect(toDatabaseError(serverError('42P01', 'relation "x" does not exist'), 'x').hint).toMatch(/model or seed/);
  });

  it('wraps errors that are not from the server, keeping the cause', () => {
    const cause = new Error('PGlite is closed');
    const err = toDatabaseError(cause, 'select 1');
    expect(err.sqlstate).toBeUndefined();
    expect(err.message).toBe('PGlite is closed');
    expect(err.cause).toBe(cause);
    expect(toDatabaseError(err, 'other')).toBe(err);
  });

  it('asQueryError lets our own errors through', () => {
    const own = new TsmodelError('internal', 'x');
    expect(asQueryError(own, 'select 1')).toBe(own);
    expect(asQueryError(new Error('y'), 'select 1')).toBeInstanceOf(DatabaseError);
  });
});

describe('ConnectionError', () => {
  it('names the endpoint and attempts, scrubs the password, and hints by cause', () => {
    const err = new ConnectionError({
      endpoint: 'db.example:6543',
      attempts: 1,
      cause: serverError('28P01', 'password authentication failed for user "app" (hunter22 was wrong)'),
      password: 'hunter22',
    });
    expect(err.message).toBe(
      'could not connect to db.example:6543 after 1 attempt: password authentication failed for user "app" (*** was wrong)',
    );
    expect(err.hint).toMatch(/DB_PASSWORD/);
    expect(new ConnectionError({ endpoint: 'h:5432', attempts: 4, cause: errno('ECONNREFUSED') }).hint).toMatch(
      /DB_HOST \/ DB_PORT/,
    );
  });
});
