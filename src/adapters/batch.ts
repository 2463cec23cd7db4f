import { DatabaseError } from './errors.js';
import { sqlTokens } from './sql-lexer.js';

/**
 * A statement of a batch failed (see Connection.batch): which one (0-based, in the caller's list) and its error,
 * whose position and line point into that statement's own text.
 */
export class BatchError extends Error {
  constructor(
    readonly index: number,
    readonly error: DatabaseError,
  ) {
    super(error.message);
    this.name = 'BatchError';
  }
}

/** How many statements PostgreSQL sees in `sql`: the pieces between top-level `;` that hold more than comments. */
export function statementCount(sql: string): number {
  // Without any `;` there is at most one; code first (a model's compiled statement) makes it one without lexing:
  // each node's batch is counted after its results arrive, before the next node can start.
  if (!sql.includes(';')) {
    const first = /\S/.exec(sql);
    if (!first) return 0;
    const two = sql.slice(first.index, first.index + 2);
    if (two !== '--' && two !== '/*') return 1;
  }
  let count = 0;
  let code = false;
  for (const t of sqlTokens(sql)) {
    if (t.kind === 'space' || t.kind === 'comment') continue;
    if (t.kind === 'semicolon') {
      if (code) count++;
      code = false;
    } else code = true;
  }
  return count + (code ? 1 : 0);
}

/** A UTF-16 surrogate: a text without one has as many code points as code units. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Several statements as one simple-query text: each on its own lines, separated by `;` on a line of its own
 * (so a trailing `--` comment cannot swallow the separator). `starts` are the 1-based code-point positions
 * where each statement begins, as PostgreSQL counts an error's position.
 */
export function joinStatements(statements: readonly string[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = '';
  let points = 0;
  for (const [i, s] of statements.entries()) {
    const sep = i === 0 ? '' : '\n;\n';
    text += sep;
    points += sep.length;
    starts.push(points + 1);
    text += s;
    points += SURROGATE.test(s) ? [...s].length : s.length;
  }
  return { text, starts };
}

/** Which statement of a joined text failed: by the error's position when it has one, else by statements completed. */
export function failedIndex(
  statements: readonly string[],
  starts: readonly number[],
  position: number | undefined,
  completed: number,
): number {
  if (position !== undefined) {
    for (let i = starts.length - 1; i >= 0; i--) if (position >= starts[i]!) return i;
    return 0;
  }
  let seen = 0;
  for (const [i, s] of statements.entries()) {
    seen += statementCount(s);
    if (completed < seen) return i;
  }
  return Math.max(0, statements.length - 1);
}

/** The error of statement `index` of a joined text, its position made relative to that statement. */
export function localError(err: DatabaseError, statement: string, start: number | undefined): DatabaseError {
  return new DatabaseError(err.message, {
    sqlstate: err.sqlstate,
    position: err.position !== undefined && start !== undefined ? err.position - start + 1 : err.position,
    detail: err.detail,
    hint: err.hint,
    where: err.where,
    sql: statement,
    cause: err.cause,
  });
}

/**
 * Each statement's result from the results of the joined text (one per statement PostgreSQL ran): a statement
 * that holds several statements gets the last one's.
 */
export function perStatement<R>(statements: readonly string[], results: readonly R[], empty: R): R[] {
  const out: R[] = [];
  let at = 0;
  for (const s of statements) {
    const n = statementCount(s);
    at += n;
    out.push(n === 0 ? empty : (results[at - 1] ?? empty));
  }
  return out;
}
