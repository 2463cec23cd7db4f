import { Call, FilterCall, type JNode, Slice, TestCall, Tuple, nj } from './nodes.js';
import { NunjucksParser, T, type Token } from './parser-base.js';

/**
 * The atoms of Jinja2 expressions on nunjucks' token stream: literals, names, tuples, lists and dicts (trailing
 * commas allowed, any expression as a dict key), and their postfix: `.attr`, `[key]`, `[a:b:c]`, calls with
 * keyword arguments, `*args` and `**kwargs`, filters and `is` tests. Operators are in parser-expr.ts.
 */

const TEST_ARG_START = new Set([T.SYMBOL, T.STRING, T.INT, T.FLOAT, T.BOOLEAN, T.NONE, T.LPAREN, T.LBRACKET, T.LCURLY]);

export abstract class JinjaPrimaryParser extends NunjucksParser {
  /** Tokens read ahead and pushed back (nunjucks keeps one; `not in` and `+%}` need two). */
  pending: (Token | null)[] = [];

  /** The last token read, for the line of an error found at the end of the template. */
  lastToken: Token | null = null;

  override nextToken(withWhitespace?: boolean): Token | null {
    while (this.pending.length) {
      const tok = this.pending.pop()!;
      if (!withWhitespace && tok?.type === T.WHITESPACE) continue;
      return tok;
    }
    let tok = this.tokens.nextToken();
    if (!withWhitespace) while (tok && tok.type === T.WHITESPACE) tok = this.tokens.nextToken();
    if (tok) this.lastToken = tok;
    return tok;
  }

  override error(msg: string, lineno?: number, colno?: number): Error {
    if (lineno === undefined && this.pending.every((t) => t === null) && this.lastToken) {
      const last = this.lastToken;
      const lines = typeof last.value === 'string' ? last.value.split('\n').length - 1 : 0;
      return super.error(msg, last.lineno + lines, 0);
    }
    return super.error(msg, lineno, colno);
  }

  override peekToken(): Token {
    const tok = this.nextToken();
    this.pending.push(tok);
    return tok as Token;
  }

  override pushToken(tok: Token | null): void {
    this.pending.push(tok);
  }

  isOp(tok: Token | null, value: string): boolean {
    return tok !== null && tok.type === T.OPERATOR && tok.value === value;
  }

  isSymbol(tok: Token | null, value: string): boolean {
    return tok !== null && tok.type === T.SYMBOL && tok.value === value;
  }

  override parsePrimary(noPostfix?: boolean): JNode {
    const tok = this.nextToken();
    if (!tok) this.fail('unexpected end of template, expected an expression');
    let node: JNode;
    switch (tok.type) {
      case T.STRING: {
        let value = tok.value;
        while (this.peekToken()?.type === T.STRING) value += this.nextToken()!.value;
        node = new nj.Literal!(tok.lineno, tok.colno, value);
        break;
      }
      case T.INT:
        node = new nj.Literal!(tok.lineno, tok.colno, parseInt(tok.value, 10));
        break;
      case T.FLOAT:
        node = new nj.Literal!(tok.lineno, tok.colno, parseFloat(tok.value));
        node.isFloat = true;
        break;
      case T.BOOLEAN:
        node = new nj.Literal!(tok.lineno, tok.colno, tok.value === 'true');
        break;
      case T.NONE:
        node =
          tok.value === 'null'
            ? new nj.Symbol!(tok.lineno, tok.colno, 'null')
            : new nj.Literal!(tok.lineno, tok.colno, null);
        break;
      case T.SYMBOL:
        if (tok.value === 'True' || tok.value === 'False')
          node = new nj.Literal!(tok.lineno, tok.colno, tok.value === 'True');
        else if (tok.value === 'None') node = new nj.Literal!(tok.lineno, tok.colno, null);
        else node = new nj.Symbol!(tok.lineno, tok.colno, tok.value);
        break;
      case T.LPAREN:
        node = this.parseParenthesized(tok);
        break;
      case T.LBRACKET:
        node = this.parseList(tok);
        break;
      case T.LCURLY:
        node = this.parseDict(tok);
        break;
      default:
        this.fail(`unexpected '${String(tok.value)}'`, tok.lineno, tok.colno);
    }
    return noPostfix ? node : this.parsePostfix(node);
  }

  /** Reads `item, item, …` up to the closing token, allowing a trailing comma. Returns whether a comma was seen. */
  parseItems(close: string, item: () => void): boolean {
    let comma = false;
    let first = true;
    for (;;) {
      const tok = this.peekToken();
      if (!tok) this.fail('unexpected end of template');
      if (tok.type === close) {
        this.nextToken();
        return comma;
      }
      if (!first) {
        if (!this.skip(T.COMMA))
          this.fail(`expected ',' or '${closeChar(close)}', got '${tok.value}'`, tok.lineno, tok.colno);
        comma = true;
        if (this.peekToken()?.type === close) continue;
      }
      item();
      first = false;
    }
  }

  parseParenthesized(open: Token): JNode {
    const items: JNode[] = [];
    const comma = this.parseItems(T.RPAREN, () => items.push(this.parseExpression()));
    if (items.length === 1 && !comma) return items[0]!;
    return new Tuple(open.lineno, open.colno, items);
  }

  parseList(open: Token): JNode {
    const items: JNode[] = [];
    this.parseItems(T.RBRACKET, () => items.push(this.parseExpression()));
    return new nj.Array!(open.lineno, open.colno, items);
  }

  parseDict(open: Token): JNode {
    const pairs: JNode[] = [];
    this.parseItems(T.RCURLY, () => {
      const key = this.parseExpression();
      const colon = this.nextToken();
      if (!colon || colon.type !== T.COLON) this.fail("expected ':' after a dict key", colon?.lineno, colon?.colno);
      pairs.push(new nj.Pair!(key.lineno, key.colno, key, this.parseExpression()));
    });
    return new nj.Dict!(open.lineno, open.colno, pairs);
  }

  override parsePostfix(node: JNode): JNode {
    for (;;) {
      const tok = this.peekToken();
      if (!tok) return node;
      if (this.isOp(tok, '.')) {
        this.nextToken();
        const name = this.nextToken();
        if (!name || (name.type !== T.SYMBOL && name.type !== T.INT))
          this.fail(`expected a name after '.', got '${name?.value}'`, name?.lineno, name?.colno);
        const key = name.type === T.INT ? parseInt(name.value, 10) : name.value;
        node = new nj.LookupVal!(tok.lineno, tok.colno, node, new nj.Literal!(name.lineno, name.colno, key));
        node.dot = name.type === T.SYMBOL;
      } else if (tok.type === T.LBRACKET) {
        this.nextToken();
        node = new nj.LookupVal!(tok.lineno, tok.colno, node, this.parseSubscript());
      } else if (tok.type === T.LPAREN) {
        node = this.parseCall(node);
      } else return node;
    }
  }

  parseSubscript(): JNode {
    const tok = this.peekToken();
    const part = (): JNode | null => {
      const t = this.peekToken();
      return t.type === T.COLON || t.type === T.RBRACKET ? null : this.parseExpression();
    };
    const start = part();
    if (!this.skip(T.COLON)) {
      if (!start) this.fail('expected an index', tok.lineno, tok.colno);
      this.expect(T.RBRACKET);
      return start;
    }
    const stop = part();
    const step = this.skip(T.COLON) ? part() : null;
    this.expect(T.RBRACKET);
    return new Slice(tok.lineno, tok.colno, start, stop, step);
  }

  /** `(a, b=1, *rest, **opts)` into a Call node's argument fields. */
  parseCallArgs(target: JNode): JNode {
    const open = this.expect(T.LPAREN);
    target.args = [];
    target.kwargs = [];
    target.starArgs = null;
    target.starKwargs = null;
    const ensure = (ok: boolean, tok: Token) => {
      if (!ok) this.fail('invalid syntax for function call expression', tok.lineno, tok.colno);
    };
    this.parseItems(T.RPAREN, () => {
      const tok = this.peekToken();
      if (this.isOp(tok, '**')) {
        ensure(target.starKwargs === null, tok);
        this.nextToken();
        target.starKwargs = this.parseExpression();
      } else if (this.isOp(tok, '*')) {
        ensure(target.starArgs === null && target.starKwargs === null, tok);
        this.nextToken();
        target.starArgs = this.parseExpression();
      } else {
        if (tok.type === T.SYMBOL) {
          this.nextToken();
          if (this.skipValue(T.OPERATOR, '=')) {
            ensure(target.starKwargs === null, tok);
            const key = new nj.Literal!(tok.lineno, tok.colno, tok.value);
            target.kwargs.push(new nj.Pair!(tok.lineno, tok.colno, key, this.parseExpression()));
            return;
          }
          this.pushToken(tok);
        }
        ensure(target.starArgs === null && target.starKwargs === null && target.kwargs.length === 0, tok);
        target.args.push(this.parseExpression());
      }
    });
    target.lineno ??= open.lineno;
    return target;
  }

  parseCall(callee: JNode): JNode {
    const tok = this.peekToken();
    return this.parseCallArgs(new Call(tok.lineno, tok.colno, callee));
  }

  parseDottedName(): Token {
    const tok = this.nextToken();
    if (!tok || ![T.SYMBOL, T.NONE, T.BOOLEAN].includes(tok.type))
      this.fail(`expected a name, got '${tok?.value}'`, tok?.lineno, tok?.colno);
    let name = tok.value;
    while (this.isOp(this.peekToken(), '.')) {
      this.nextToken();
      name += `.${this.expect(T.SYMBOL).value}`;
    }
    return { ...tok, value: name };
  }

  parseFilter(value: JNode): JNode {
    const name = this.parseDottedName();
    const node = new FilterCall(name.lineno, name.colno, name.value, value, [], []);
    return this.peekToken()?.type === T.LPAREN ? this.parseCallArgs(node) : node;
  }

  parseTest(value: JNode, isTok: Token): JNode {
    const negated = this.skipSymbol('not');
    const name = this.parseDottedName();
    let node = new TestCall(name.lineno, name.colno, name.value, value, [], []);
    const next = this.peekToken();
    if (next?.type === T.LPAREN) node = this.parseCallArgs(node);
    else if (next && TEST_ARG_START.has(next.type) && !['else', 'or', 'and'].includes(next.value)) {
      if (this.isSymbol(next, 'is')) this.fail('You cannot chain multiple tests with is', next.lineno, next.colno);
      node.args.push(this.parsePostfix(this.parsePrimary(true)));
    }
    return negated ? new nj.Not!(isTok.lineno, isTok.colno, node) : node;
  }

  parseFilterExpr(node: JNode): JNode {
    for (;;) {
      const tok = this.peekToken();
      if (tok?.type === T.PIPE) {
        this.nextToken();
        node = this.parseFilter(node);
      } else if (this.isSymbol(tok, 'is')) {
        this.nextToken();
        node = this.parseTest(node, tok);
      } else if (tok?.type === T.LPAREN) {
        node = this.parseCall(node);
      } else return node;
    }
  }

  /** A comma-separated list without brackets (`{% for k, v in … %}`, `{% set a, b = … %}`, `{{ 1, 2 }}`). */

  parseTuple(item: () => JNode = () => this.parseExpression(), ends: string[] = []): JNode {
    const first = this.peekToken();
    const items: JNode[] = [item()];
    let comma = false;
    while (this.skip(T.COMMA)) {
      comma = true;
      const next = this.peekToken();
      if (
        !next ||
        next.type === T.BLOCK_END ||
        next.type === T.VARIABLE_END ||
        ends.some((e) => this.isSymbol(next, e))
      )
        break;
      items.push(item());
    }
    return items.length === 1 && !comma ? items[0]! : new Tuple(first.lineno, first.colno, items);
  }
}

function closeChar(type: string): string {
  return type === T.RPAREN ? ')' : type === T.RBRACKET ? ']' : '}';
}
