import { fastTokenizer } from './fast-tokenizer.js';
import { T, type Token, type Tokenizer } from './parser-base.js';

/**
 * Wraps nunjucks' tokenizer with the two places Jinja's lexer reads differently: `}}` inside an open
 * bracket is two closing braces, not the end of the tag (`{{ {'a': {'b': 1}} }}`), and numbers follow
 * Python's syntax (`1e3`, `1.5e-10`, `1_000`).
 */

interface Inner extends Tokenizer {
  in_code: boolean;
  str: string;
  index: number;
  lineno: number;
  colno: number;
  forwardN(n: number): void;
  _extractRegex(re: RegExp): RegExpMatchArray | null;
  backN(n: number): void;
}

const NUMBER_RE = /^\d+(?:_\d+)*(?:(?:\.\d+(?:_\d+)*)?[eE][-+]?\d+(?:_\d+)*|\.\d+(?:_\d+)*)?/;
const SQ_STRING = /'((?:[^'\\]|\\[\s\S])*)'/y;
const DQ_STRING = /"((?:[^"\\]|\\[\s\S])*)"/y;
const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** A string literal's escapes as Python reads them: \n, \xhh, \uXXXX, octal…; an unknown one keeps its backslash. */
export function pythonUnescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (all, e: string) => {
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    if (/^[xuU]./.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    if (e === 'N') throw new Error('malformed \\N character escape (named unicode escapes are not supported)');
    return all;
  });
}

const OPEN = new Set([T.LPAREN, T.LBRACKET, T.LCURLY]);
const CLOSE = new Set([T.RPAREN, T.RBRACKET, T.RCURLY]);

export class JinjaTokens implements Tokenizer {
  private depth = 0;
  /** The (0-based) line where the last token read starts: where Jinja reports an unexpected end of template. */
  lastLine = 0;
  private readonly inner: Inner;

  constructor(source: string) {
    this.inner = fastTokenizer(source) as Inner;
  }

  get tags(): Record<string, string> {
    return this.inner.tags;
  }

  _extractRegex(re: RegExp): RegExpMatchArray | null {
    return this.inner._extractRegex(re);
  }

  backN(n: number): void {
    this.inner.backN(n);
  }

  private make(type: string, length: number, value: string): Token {
    const t = this.inner;
    const tok = { type, value, lineno: t.lineno, colno: t.colno };
    this.lastLine = t.lineno;
    t.forwardN(length);
    return tok;
  }

  nextToken(): Token | null {
    const t = this.inner;
    if (t.in_code) {
      const ch = t.str.charAt(t.index);
      if (ch === '}' && this.depth > 0) {
        this.depth--;
        return this.make(T.RCURLY, 1, '}');
      }
      if (ch >= '0' && ch <= '9' && t.str.charAt(t.index - 1) !== '.') {
        const m = NUMBER_RE.exec(t.str.slice(t.index, t.index + 64))!;
        const float = /[.eE]/.test(m[0]);
        return this.make(float ? T.FLOAT : T.INT, m[0].length, m[0].replace(/_/g, ''));
      }
      if (ch === "'" || ch === '"') {
        const re = ch === "'" ? SQ_STRING : DQ_STRING;
        re.lastIndex = t.index;
        const m = re.exec(t.str);
        if (m) {
          let value: string;
          try {
            value = pythonUnescape(m[1]!);
          } catch (err) {
            throw Object.assign(err as Error, { lineno: t.lineno + 1 });
          }
          return this.make(T.STRING, m[0].length, value);
        }
      }
    }
    let tok: Token | null;
    try {
      tok = t.nextToken();
    } catch (err) {
      // nunjucks' tokenizer throws plain errors (an unclosed comment): give them the line it stopped at.
      throw Object.assign(new Error(err instanceof Error ? err.message : String(err)), { lineno: t.lineno + 1 });
    }
    if (tok) {
      this.lastLine = tok.lineno;
      if (OPEN.has(tok.type)) this.depth++;
      else if (CLOSE.has(tok.type)) this.depth = Math.max(0, this.depth - 1);
      else if (tok.type === T.BLOCK_END || tok.type === T.VARIABLE_END) this.depth = 0;
    }
    return tok;
  }
}
