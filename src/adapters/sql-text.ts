import { sqlTokens } from './sql-lexer.js';

/**
 * True when `sql` holds more than one statement: a `;` outside quotes,
 * dollar quotes and comments, followed by anything but whitespace, comments
 * and more semicolons. Errs towards "several" (the caller then uses the
 * simple-query protocol, which runs one statement just as well).
 */
export function hasSeveralStatements(sql: string): boolean {
  let seenSemicolon = false;
  for (const t of sqlTokens(sql)) {
    if (t.kind === 'space' || t.kind === 'comment') continue;
    if (t.kind === 'semicolon') seenSemicolon = true;
    else if (seenSemicolon) return true;
  }
  return false;
}
