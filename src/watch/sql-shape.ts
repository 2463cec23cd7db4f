import { sqlTokens } from '../adapters/sql-lexer.js';

/**
 * SQL with every run of whitespace outside literals, quoted identifiers and
 * comments made one space (and none at either end): two texts that differ
 * only in layout give the same shape, so re-indenting a model rebuilds nothing.
 * Literals ('…', E'…', $tag$…$tag$), "identifiers" and comments are kept as written.
 */
export function sqlShape(sql: string): string {
  let out = '';
  let space = false;
  for (const t of sqlTokens(sql)) {
    if (t.kind === 'space') {
      space = out !== '';
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += sql.slice(t.start, t.end);
  }
  return out;
}
