/**
 * True when `sql` holds more than one statement: a `;` outside quotes,
 * dollar quotes and comments, followed by anything but whitespace, comments
 * and more semicolons. Errs towards "several" (the caller then uses the
 * simple-query protocol, which runs one statement just as well).
 */
export function hasSeveralStatements(sql: string): boolean {
  let seenSemicolon = false;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i + 2);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      i = skipBlockComment(sql, i);
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === ';') {
      seenSemicolon = true;
      i++;
      continue;
    }
    if (seenSemicolon) return true;
    if (ch === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]!) && !/[\w$]/.test(sql[i - 2] ?? '');
      i = skipQuoted(sql, i, "'", escapes);
    } else if (ch === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (ch === '$') {
      i = skipDollar(sql, i);
    } else {
      i++;
    }
  }
  return false;
}

function skipBlockComment(sql: string, start: number): number {
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

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}

function skipDollar(sql: string, start: number): number {
  // $1 parameters, and identifiers containing $, are not dollar quotes.
  if (start > 0 && /[\w$]/.test(sql[start - 1]!)) return start + 1;
  const tag = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(start, start + 64));
  if (!tag) return start + 1;
  const end = sql.indexOf(tag[0], start + tag[0].length);
  return end === -1 ? sql.length : end + tag[0].length;
}
