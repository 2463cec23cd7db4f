/**
 * The one SQL lexer: cuts PostgreSQL text into whitespace, comments, quoted pieces and the code
 * between them, so callers can tell a `;` or a space that matters from one inside a literal.
 * What it knows: `--` comments (the newline that ends one belongs to it), nested block comments,
 * '…' strings with '' inside and E'…' with backslash escapes, "identifiers", $tag$…$tag$ dollar
 * quotes ($1 parameters and identifiers containing $ are code). Unterminated pieces run to the end.
 */
export type SqlTokenKind = 'space' | 'comment' | 'string' | 'identifier' | 'dollar' | 'semicolon' | 'code';

export interface SqlToken {
  kind: SqlTokenKind;
  start: number;
  end: number;
}

const SPACE = /\s/;
const CODE_STOP = /[\s'"$;]/;

export function* sqlTokens(sql: string): Generator<SqlToken> {
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const start = i;
    const ch = sql[i]!;
    const next = sql[i + 1];
    let kind: SqlTokenKind;
    if (SPACE.test(ch)) {
      kind = 'space';
      while (i < n && SPACE.test(sql[i]!)) i++;
    } else if (ch === '-' && next === '-') {
      kind = 'comment';
      const nl = sql.indexOf('\n', i + 2);
      i = nl === -1 ? n : nl + 1;
    } else if (ch === '/' && next === '*') {
      kind = 'comment';
      i = blockCommentEnd(sql, i);
    } else if (ch === "'") {
      kind = 'string';
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]!) && !/[\w$]/.test(sql[i - 2] ?? '');
      i = quotedEnd(sql, i, "'", escapes);
    } else if (ch === '"') {
      kind = 'identifier';
      i = quotedEnd(sql, i, '"', false);
    } else if (ch === ';') {
      kind = 'semicolon';
      i++;
    } else if (ch === '$' && dollarTag(sql, i)) {
      kind = 'dollar';
      const tag = dollarTag(sql, i)!;
      const close = sql.indexOf(tag, i + tag.length);
      i = close === -1 ? n : close + tag.length;
    } else {
      kind = 'code';
      i++;
      while (i < n && !CODE_STOP.test(sql[i]!) && !startsComment(sql, i)) i++;
    }
    yield { kind, start, end: i };
  }
}

function startsComment(sql: string, i: number): boolean {
  return (sql[i] === '-' && sql[i + 1] === '-') || (sql[i] === '/' && sql[i + 1] === '*');
}

/** `$tag$` or `$$` at `i`, unless the `$` continues an identifier or starts a parameter. */
function dollarTag(sql: string, i: number): string | undefined {
  if (i > 0 && /[\w$]/.test(sql[i - 1]!)) return undefined;
  return /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64))?.[0];
}

/** PostgreSQL block comments nest. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}

function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') i += 2;
    else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
