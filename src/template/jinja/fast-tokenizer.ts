import { lexer } from './parser-base.js';

/**
 * nunjucks' Tokenizer with its cursor moves done in bulk: the same tokens, lines and columns, but a run of text
 * or of name characters is one slice instead of one method call and one string concatenation per character
 * (nunjucks' `forward()` and `_extractMatching()` were most of a model's parse).
 */

interface Cursor {
  str: string;
  index: number;
  len: number;
  lineno: number;
  colno: number;
}

type TokenizerClass = new (source: string, opts: object) => Cursor;

/** Moves the cursor to `to` (≥ index), counting lines and columns as nunjucks' forward() does. */
function advanceTo(t: Cursor, to: number): void {
  const { str } = t;
  let { lineno, colno } = t;
  // A scan of exactly the characters passed: no search beyond `to` (a long line would make it quadratic).
  for (let i = t.index; i < to; i++) {
    if (str.charCodeAt(i) === 10) {
      lineno++;
      colno = 0;
    } else {
      colno++;
    }
  }
  t.lineno = lineno;
  t.colno = colno;
  t.index = to;
}

const Base = (lexer.lex('', {}) as unknown as { constructor: TokenizerClass }).constructor;

class FastTokenizer extends Base {
  forward(): void {
    const newline = this.str.charCodeAt(this.index) === 10;
    this.index++;
    if (newline) {
      this.lineno++;
      this.colno = 0;
    } else {
      this.colno++;
    }
  }

  forwardN(n: number): void {
    if (this.index + n <= this.len) advanceTo(this, this.index + n);
    else for (let i = 0; i < n; i++) this.forward();
  }

  /** The characters from here that are (breakOnMatch: are not) in `chars`; null at the end. */
  _extractMatching(breakOnMatch: boolean, chars: string): string | null {
    const { str, index, len } = this;
    if (index >= len) return null;
    let end = index;
    while (end < len && chars.includes(str[end]!) !== breakOnMatch) end++;
    if (end === index) return '';
    advanceTo(this, end);
    return str.slice(index, end);
  }
}

/** A tokenizer over `source`, as nunjucks' `lexer.lex(source, {})`. */
export function fastTokenizer(source: string): unknown {
  return new FastTokenizer(source, {});
}
