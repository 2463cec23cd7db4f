import {
  Assign,
  Break,
  CallBlock,
  Continue,
  Do,
  FilterBlock,
  FilterCall,
  ForLoop,
  type JNode,
  MacroDef,
  With,
  nj,
} from './nodes.js';
import { JinjaTokens } from './lexer.js';
import { T, type Token } from './parser-base.js';
import { JinjaExprParser } from './parser-expr.js';

/**
 * Jinja2's statements on top of the expression parser: set (names, tuples, `ns.attr`, block form), for (tuple
 * targets, `if` filter, else), macro (defaults), call blocks with caller arguments, filter blocks, and the
 * `do` / `break` / `continue` statements of the extensions dbt enables. Other tags (if, raw, …) are nunjucks'.
 */
/** Tags left to nunjucks' parser (the last four are then refused by our compiler). */
const NUNJUCKS_TAGS = new Set(['if', 'block', 'extends', 'include', 'import', 'from']);

export class JinjaParser extends JinjaExprParser {
  loopDepth = 0;
  /** The tags being parsed, innermost last. */
  private readonly openTags: Token[] = [];

  /** `{%+` and `+%}` only switch off lstrip_blocks / trim_blocks, which dbt leaves off: the `+` is skipped. */
  override advanceAfterBlockEnd(name?: string): Token {
    let tag = name;
    if (!tag) {
      const tok = this.peekToken();
      if (!tok) this.fail('unexpected end of template');
      if (tok.type !== T.SYMBOL) this.fail(`expected a tag name, got '${tok.value}'`, tok.lineno, tok.colno);
      tag = this.nextToken()!.value;
    }
    this.skipValue(T.OPERATOR, '+');
    const tok = this.nextToken();
    if (tok?.type !== T.BLOCK_END)
      this.fail(
        `expected the end of the ${tag} tag ('%}'), got '${tok?.value ?? 'end of template'}'`,
        tok?.lineno,
        tok?.colno,
      );
    if (tok.value.charAt(0) === '-') this.dropLeadingWhitespace = true;
    return tok;
  }

  override parseStatement(): JNode | null {
    this.skipValue(T.OPERATOR, '+');
    const tok = this.peekToken();
    if (tok.type !== T.SYMBOL) this.fail('tag name expected', tok.lineno, tok.colno);
    if (this.breakOnBlocks && this.breakOnBlocks.includes(tok.value)) return null;
    this.openTags.push(tok);
    try {
      return this.parseTag(tok);
    } finally {
      this.openTags.pop();
    }
  }

  /** A block's body; the end of the template before its end tag is Jinja's error, on the last token's line. */
  override parseUntilBlocks(...names: string[]): JNode {
    const body = super.parseUntilBlocks(...names);
    const open = this.openTags[this.openTags.length - 1];
    if (open && !this.peekToken()) {
      const wanted = names
        .filter((n) => n !== 'elseif')
        .map((n) => `'${n}'`)
        .join(' or ');
      this.fail(
        `Unexpected end of template. Jinja was looking for the following tags: ${wanted}. ` +
          `The innermost block that needs to be closed is '${open.value}'.`,
        (this.tokens as JinjaTokens).lastLine,
        0,
      );
    }
    return body;
  }

  private parseTag(tok: Token): JNode | null {
    switch (tok.value) {
      case 'set':
        return this.parseAssign();
      case 'for':
        return this.parseForLoop();
      case 'macro':
        return this.parseMacroDef();
      case 'call':
        return this.parseCallBlock();
      case 'filter':
        return this.parseFilterBlock();
      case 'do':
        this.nextToken();
        return this.endTag(new Do(tok.lineno, tok.colno, this.parseTuple()), 'do');
      case 'break':
      case 'continue':
        this.nextToken();
        if (this.loopDepth === 0) this.fail(`'${tok.value}' outside loop`, tok.lineno, tok.colno);
        return this.endTag(new (tok.value === 'break' ? Break : Continue)(tok.lineno, tok.colno), tok.value);
      case 'raw':
        return this.parseRawBlock();
      case 'with':
        return this.parseWith();
      case 'docs':
        return this.parseDocs();
      case 'switch':
      case 'asyncEach':
      case 'asyncAll':
      case 'ifAsync':
      case 'verbatim':
        this.fail(`Encountered unknown tag '${tok.value}'.`, tok.lineno, tok.colno);
    }
    if (!NUNJUCKS_TAGS.has(tok.value)) this.fail(`Encountered unknown tag '${tok.value}'.`, tok.lineno, tok.colno);
    return super.parseStatement();
  }

  /** `{% raw %}…{% endraw %}` with Jinja's whitespace control on both tags (raw blocks do not nest). */
  parseRawBlock(): JNode {
    const tag = this.nextToken()!;
    const open = this.advanceAfterBlockEnd('raw');
    this.dropLeadingWhitespace = false;
    const m = this.tokens._extractRegex(/([\s\S]*?)\{%([-+]?)\s*endraw\s*([-+]?)%\}/);
    if (!m) this.fail('missing {% endraw %} for this raw block', tag.lineno, tag.colno);
    let body = m[1]!;
    if (open.value.startsWith('-')) body = body.replace(/^\s+/, '');
    if (m[2] === '-') body = body.replace(/\s+$/, '');
    if (m[3] === '-') this.dropLeadingWhitespace = true;
    return new nj.Output!(tag.lineno, tag.colno, [new nj.TemplateData!(tag.lineno, tag.colno, body)]);
  }

  endTag(node: JNode, name: string): JNode {
    this.advanceAfterBlockEnd(name);
    return node;
  }

  /** A name, or `ns.attr` where a namespace attribute is assigned, or a parenthesized tuple of names. */
  parseAssignTarget(): JNode {
    const tok = this.nextToken();
    if (tok?.type === T.LPAREN) {
      const inner = this.parseTuple(() => this.parseAssignTarget());
      this.expect(T.RPAREN);
      return inner;
    }
    if (!tok || tok.type === T.BLOCK_END)
      this.fail("Expected an expression, got 'end of statement block'", tok?.lineno, tok?.colno);
    if (tok.type !== T.SYMBOL) this.fail(`can't assign to '${tok.value}'`, tok.lineno, tok.colno);
    if (this.isOp(this.peekToken(), '.')) {
      this.nextToken();
      const attr = this.expect(T.SYMBOL);
      const target = new nj.Symbol!(tok.lineno, tok.colno, tok.value);
      return new nj.LookupVal!(tok.lineno, tok.colno, target, new nj.Literal!(attr.lineno, attr.colno, attr.value));
    }
    return new nj.Symbol!(tok.lineno, tok.colno, tok.value);
  }

  parseAssign(): JNode {
    const tag = this.nextToken()!;
    const targets = this.parseTuple(() => this.parseAssignTarget(), []);
    if (this.skipValue(T.OPERATOR, '=')) {
      return this.endTag(new Assign(tag.lineno, tag.colno, targets, this.parseTuple(), null), 'set');
    }
    if (targets.typename === 'Tuple') this.fail('a block set takes one name', tag.lineno, tag.colno);
    let filter: JNode | null = null;
    if (this.peekToken()?.type === T.PIPE) {
      this.nextToken();
      filter = this.parseFilterChain();
    }
    this.advanceAfterBlockEnd('set');
    const body = this.parseUntilBlocks('endset');
    this.advanceAfterBlockEnd();
    const captured = filter ? new FilterBlock(tag.lineno, tag.colno, filter, body) : body;
    return new Assign(tag.lineno, tag.colno, targets, null, captured);
  }

  parseForLoop(): JNode {
    const tag = this.nextToken()!;
    const target = this.parseTuple(() => this.parseAssignTarget(), ['in']);
    if (!this.skipSymbol('in')) this.fail("expected 'in' in the for tag", tag.lineno, tag.colno);
    const iter = this.parseTuple(() => this.parseOr(), ['if', 'recursive']);
    const test = this.skipSymbol('if') ? this.parseExpression() : null;
    const recursive = this.skipSymbol('recursive');
    this.advanceAfterBlockEnd('for');
    this.loopDepth++;
    const body = this.parseUntilBlocks('endfor', 'else');
    this.loopDepth--;
    let else_: JNode | null = null;
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      const saved = this.loopDepth;
      this.loopDepth = 0;
      else_ = this.parseUntilBlocks('endfor');
      this.loopDepth = saved;
    }
    this.advanceAfterBlockEnd();
    const loop = new ForLoop(tag.lineno, tag.colno, target, iter, test, body, else_);
    loop.recursive = recursive;
    return loop;
  }

  /** `{% with a = 1, b = x %}…{% endwith %}` (or a bare `{% with %}`): names scoped to the block. */
  parseWith(): JNode {
    const tag = this.nextToken()!;
    const targets: JNode[] = [];
    const values: JNode[] = [];
    while (this.peekToken()?.type !== T.BLOCK_END) {
      if (targets.length) this.expect(T.COMMA);
      targets.push(this.parseAssignTarget());
      if (!this.skipValue(T.OPERATOR, '=')) this.fail("expected '=' in the with tag", tag.lineno, tag.colno);
      values.push(this.parseExpression());
    }
    this.advanceAfterBlockEnd('with');
    const body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return new With(tag.lineno, tag.colno, targets, values, body);
  }

  /** dbt's `{% docs name %}…{% enddocs %}`: parsed (dbt collects it elsewhere) and prints nothing here. */
  parseDocs(): JNode {
    const tag = this.nextToken()!;
    this.expect(T.SYMBOL);
    this.advanceAfterBlockEnd('docs');
    this.parseUntilBlocks('enddocs');
    this.advanceAfterBlockEnd();
    return new nj.Output!(tag.lineno, tag.colno, []);
  }

  /** `(a, b=1, c='x')`: parameter names and their default expressions. */
  parseParams(): { params: string[]; defaults: (JNode | null)[] } {
    const params: string[] = [];
    const defaults: (JNode | null)[] = [];
    this.expect(T.LPAREN);
    this.parseItems(T.RPAREN, () => {
      const name = this.expect(T.SYMBOL);
      params.push(name.value);
      if (this.skipValue(T.OPERATOR, '=')) defaults.push(this.parseExpression());
      else if (defaults.some((d) => d !== null))
        this.fail('non-default argument follows default argument', name.lineno, name.colno);
      else defaults.push(null);
    });
    return { params, defaults };
  }

  parseMacroDef(): JNode {
    const tag = this.nextToken()!;
    const name = this.expect(T.SYMBOL);
    const { params, defaults } = this.parseParams();
    this.advanceAfterBlockEnd('macro');
    const depth = this.loopDepth;
    this.loopDepth = 0;
    const body = this.parseUntilBlocks('endmacro');
    this.loopDepth = depth;
    this.advanceAfterBlockEnd();
    return new MacroDef(tag.lineno, tag.colno, name.value, params, defaults, body);
  }

  parseCallBlock(): JNode {
    const tag = this.nextToken()!;
    const sig = this.peekToken()?.type === T.LPAREN ? this.parseParams() : { params: [], defaults: [] };
    const call = this.parseExpression();
    if (call.typename !== 'Call') this.fail('expected a call in the call tag', tag.lineno, tag.colno);
    this.advanceAfterBlockEnd('call');
    const depth = this.loopDepth;
    this.loopDepth = 0;
    const body = this.parseUntilBlocks('endcall');
    this.loopDepth = depth;
    this.advanceAfterBlockEnd();
    const caller = new MacroDef(tag.lineno, tag.colno, 'caller', sig.params, sig.defaults, body);
    return new CallBlock(tag.lineno, tag.colno, call, caller);
  }

  /** `f(args) | g`: filters whose innermost value is filled in later (the block's body). */
  parseFilterChain(): JNode {
    let node = this.parseFilter(new nj.Literal!(0, 0, ''));
    while (this.skip(T.PIPE)) node = this.parseFilter(node);
    return node;
  }

  parseFilterBlock(): JNode {
    const tag = this.nextToken()!;
    const filter = this.parseFilterChain();
    this.advanceAfterBlockEnd('filter');
    const body = this.parseUntilBlocks('endfilter');
    this.advanceAfterBlockEnd();
    return new FilterBlock(tag.lineno, tag.colno, filter, body);
  }
}

/** The innermost filter of a chain built by parseFilterChain: the one applied to the block's body. */
export function innermostFilter(node: JNode): JNode {
  let n = node;
  while (n.value?.typename === 'FilterCall') n = n.value as JNode;
  return n;
}

/**
 * Source as Jinja's lexer sees it with dbt's settings: newlines normalized to \n, and one trailing newline
 * dropped (keep_trailing_newline is off).
 */
export function normalizeSource(src: string): string {
  const s = src.includes('\r') ? src.replace(/\r\n?/g, '\n') : src;
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

/** Parses a template into a Root node. */
export function parseTemplate(src: string): JNode {
  const p = new JinjaParser(new JinjaTokens(normalizeSource(src)));
  return p.parseAsRoot();
}

export { FilterCall };
