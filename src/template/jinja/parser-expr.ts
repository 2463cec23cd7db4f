import { type JNode, nj } from './nodes.js';
import { T } from './parser-base.js';
import { JinjaPrimaryParser } from './parser-primary.js';

/**
 * Jinja2's operator grammar, lowest precedence first: conditional expression (else optional), or, and, not,
 * comparisons (chained, `in`, `not in`), + and -, ~, * / // %, **, unary - and +, then the primaries of
 * parser-primary.ts with their postfix, filters and tests.
 */

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const MATH2: Record<string, string> = { '*': 'Mul', '/': 'Div', '//': 'FloorDiv', '%': 'Mod' };

export class JinjaExprParser extends JinjaPrimaryParser {
  override parseExpression(): JNode {
    return this.parseCondExpr();
  }

  override parseInlineIf(): JNode {
    return this.parseCondExpr();
  }

  parseCondExpr(): JNode {
    let node = this.parseOr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOr();
      const else_ = this.skipSymbol('else') ? this.parseCondExpr() : null;
      const inline = new nj.InlineIf!(node.lineno, node.colno, cond, node, else_);
      node = inline;
    }
    return node;
  }

  parseOr(): JNode {
    let node = this.parseAnd();
    while (this.skipSymbol('or')) node = new nj.Or!(node.lineno, node.colno, node, this.parseAnd());
    return node;
  }

  parseAnd(): JNode {
    let node = this.parseNot();
    while (this.skipSymbol('and')) node = new nj.And!(node.lineno, node.colno, node, this.parseNot());
    return node;
  }

  parseNot(): JNode {
    const tok = this.peekToken();
    if (this.skipSymbol('not')) return new nj.Not!(tok.lineno, tok.colno, this.parseNot());
    return this.parseCompare();
  }

  parseCompare(): JNode {
    const expr = this.parseMath1();
    const ops: JNode[] = [];
    for (;;) {
      const tok = this.nextToken();
      if (!tok) break;
      if (tok.type === T.OPERATOR && COMPARE_OPS.has(tok.value)) {
        ops.push(new nj.CompareOperand!(tok.lineno, tok.colno, this.parseMath1(), tok.value));
      } else if (this.isSymbol(tok, 'in')) {
        ops.push(new nj.CompareOperand!(tok.lineno, tok.colno, this.parseMath1(), 'in'));
      } else if (this.isSymbol(tok, 'not') && this.isSymbol(this.peekToken(), 'in')) {
        this.nextToken();
        ops.push(new nj.CompareOperand!(tok.lineno, tok.colno, this.parseMath1(), 'notin'));
      } else {
        this.pushToken(tok);
        break;
      }
    }
    return ops.length ? new nj.Compare!(expr.lineno, expr.colno, expr, ops) : expr;
  }

  parseMath1(): JNode {
    let node = this.parseConcat();
    for (;;) {
      const plus = this.peekToken();
      if (this.isOp(plus, '+')) {
        this.nextToken();
        // `+%}` ends a tag (it would switch off trim_blocks); it is not an addition.
        if (this.peekToken()?.type === T.BLOCK_END) {
          this.pushToken(plus);
          return node;
        }
        node = new nj.Add!(node.lineno, node.colno, node, this.parseConcat());
      } else if (this.skipValue(T.OPERATOR, '-')) node = new nj.Sub!(node.lineno, node.colno, node, this.parseConcat());
      else return node;
    }
  }

  parseConcat(): JNode {
    let node = this.parseMath2();
    while (this.skip(T.TILDE)) node = new nj.Concat!(node.lineno, node.colno, node, this.parseMath2());
    return node;
  }

  parseMath2(): JNode {
    let node = this.parsePow();
    for (;;) {
      const tok = this.nextToken();
      const kind = tok && tok.type === T.OPERATOR ? MATH2[tok.value] : undefined;
      if (!kind) {
        this.pushToken(tok);
        return node;
      }
      node = new nj[kind]!(node.lineno, node.colno, node, this.parsePow());
    }
  }

  parsePow(): JNode {
    let node = this.parseUnary();
    while (this.skipValue(T.OPERATOR, '**')) node = new nj.Pow!(node.lineno, node.colno, node, this.parseUnary());
    return node;
  }

  parseUnary(withFilter = true): JNode {
    const tok = this.peekToken();
    let node: JNode;
    if (this.skipValue(T.OPERATOR, '-')) node = new nj.Neg!(tok.lineno, tok.colno, this.parseUnary(false));
    else if (this.skipValue(T.OPERATOR, '+')) node = new nj.Pos!(tok.lineno, tok.colno, this.parseUnary(false));
    else node = this.parsePrimary(true);
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }
}
