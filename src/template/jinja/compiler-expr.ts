import { NunjucksCompiler } from './compiler-base.js';
import type { JNode } from './nodes.js';

/**
 * Compiles expressions to JavaScript that calls our runtime for every operation, so values follow Python's
 * rules (truthiness, arithmetic, comparison, attribute access, Undefined) instead of JavaScript's.
 */

const BINARY: Record<string, string> = {
  Add: 'add',
  Sub: 'sub',
  Mul: 'mul',
  Div: 'div',
  FloorDiv: 'floorDiv',
  Mod: 'mod',
  Pow: 'pow',
  Concat: 'concat',
};

export interface Registry {
  filters: { has(name: string): boolean };
  tests: { has(name: string): boolean };
}

export class JinjaExprCompiler extends NunjucksCompiler {
  registry: Registry = { filters: new Set(), tests: new Set() };
  /** Inside an if or a conditional expression (Jinja's "soft" frame): an unknown filter fails only if it runs. */
  soft = 0;
  /**
   * The template's string literals and text, in order: the code reads them as `__lit[i]`, so templates that
   * differ only in those compile to the same code (template.ts keeps one function per code text).
   */
  readonly literals: string[] = [];

  /** JavaScript that reads the string `value` from the template's literals. */
  literal(value: string): string {
    this.literals.push(value);
    return `__lit[${this.literals.length - 1}]`;
  }

  constructor(...args: unknown[]) {
    super(args[0] as string, false);
  }

  expr(node: JNode | null | undefined): void {
    if (node === null || node === undefined) this._emit('null');
    else this.compile(node);
  }

  list(nodes: readonly JNode[]): void {
    this._emit('[');
    nodes.forEach((n, i) => {
      if (i > 0) this._emit(', ');
      this.expr(n);
    });
    this._emit(']');
  }

  binary(fn: string, left: JNode, right: JNode): void {
    this._emit(`runtime.${fn}(`);
    this.expr(left);
    this._emit(', ');
    this.expr(right);
    this._emit(')');
  }

  compileLiteral(node: JNode): void {
    const v = node.value as unknown;
    if (typeof v === 'string') this._emit(this.literal(v));
    else if (typeof v === 'number') this._emit(node.isFloat && Number.isInteger(v) ? `runtime.float(${v})` : String(v));
    else this._emit(String(v));
  }

  compileRawJs(node: JNode): void {
    this._emit(node.code as string);
  }

  compileSymbol(node: JNode): void {
    this._emit(`runtime.lookup(context, frame, ${JSON.stringify(node.value)})`);
  }

  compileTuple(node: JNode): void {
    this._emit('runtime.tuple(');
    this.list(node.children);
    this._emit(')');
  }

  compileArray(node: JNode): void {
    this.list(node.children);
  }

  compileDict(node: JNode): void {
    this._emit('runtime.dict(');
    this.list(node.children.flatMap((p) => [p.key as JNode, p.value as JNode]));
    this._emit(')');
  }

  compileLookupVal(node: JNode): void {
    const key = node.val as JNode;
    if (key.typename === 'Slice') {
      this._emit('runtime.slice(');
      this.expr(node.target);
      for (const part of [key.start, key.stop, key.step]) {
        this._emit(', ');
        this.expr(part);
      }
      this._emit(')');
      return;
    }
    this._emit(node.dot ? 'runtime.getattr(' : 'runtime.getitem(');
    this.expr(node.target);
    this._emit(', ');
    this.expr(key);
    this._emit(')');
  }

  /** The argument lists of a call, filter or test: `[args], {kwargs}|null, *args, **kwargs`. */
  callArgs(node: JNode): void {
    this.list(node.args);
    this._emit(', ');
    const kwargs = node.kwargs as JNode[];
    if (kwargs.length === 0) this._emit('null');
    else {
      this._emit('{');
      kwargs.forEach((pair, i) => {
        this._emit(`${i > 0 ? ', ' : ''}${JSON.stringify(pair.key.value)}: `);
        this.expr(pair.value);
      });
      this._emit('}');
    }
    if (node.starArgs || node.starKwargs) {
      this._emit(', ');
      this.expr(node.starArgs);
      this._emit(', ');
      this.expr(node.starKwargs);
    }
  }

  nameOf(node: JNode): string {
    if (node.typename === 'Symbol') return String(node.value);
    if (node.typename === 'LookupVal' && node.val.typename === 'Literal')
      return `${this.nameOf(node.target)}.${node.val.value}`;
    return 'the expression';
  }

  compileCall(node: JNode): void {
    this._emit(`(lineno = ${node.lineno}, runtime.call(`);
    this.expr(node.callee);
    this._emit(`, ${JSON.stringify(this.nameOf(node.callee))}, `);
    this.callArgs(node);
    this._emit('))');
  }

  compileFilterCall(node: JNode): void {
    if (!this.registry.filters.has(node.name)) return this.unknown('filter', node);
    this._emit(`(lineno = ${node.lineno}, runtime.filter(env, ${JSON.stringify(node.name)}, `);
    this.expr(node.value);
    this._emit(', ');
    this.callArgs(node);
    this._emit('))');
  }

  compileTestCall(node: JNode): void {
    if (!this.registry.tests.has(node.name)) return this.unknown('test', node);
    this._emit(`runtime.test(env, ${JSON.stringify(node.name)}, `);
    this.expr(node.value);
    this._emit(', ');
    this.callArgs(node);
    this._emit(')');
  }

  /** An unknown filter or test: a compile error, or (in a soft frame) an error when it runs, as in Jinja. */
  unknown(kind: string, node: JNode): void {
    if (this.soft === 0) this.fail(`No ${kind} named '${node.name}'.`, node.lineno, node.colno);
    this._emit(`runtime.fail(${JSON.stringify(`No ${kind} named '${node.name}' found.`)})`);
  }

  /** Compiles in a frame that is not soft (loop, macro and block bodies). */
  hard(fn: () => void): void {
    const saved = this.soft;
    this.soft = 0;
    fn();
    this.soft = saved;
  }

  compileCompare(node: JNode): void {
    const ops = node.ops as JNode[];
    if (ops.length === 1) {
      this._emit(`runtime.compare(${JSON.stringify(ops[0]!.type)}, `);
      this.expr(node.expr);
      this._emit(', ');
      this.expr(ops[0]!.expr);
      this._emit(')');
      return;
    }
    this._emit('runtime.compareChain(');
    this.expr(node.expr);
    for (const op of ops) {
      this._emit(`, ${JSON.stringify(op.type)}, () => (`);
      this.expr(op.expr);
      this._emit(')');
    }
    this._emit(')');
  }

  compileAnd(node: JNode): void {
    this.shortCircuit('and', node);
  }

  compileOr(node: JNode): void {
    this.shortCircuit('or', node);
  }

  shortCircuit(fn: string, node: JNode): void {
    this._emit(`runtime.${fn}(`);
    this.expr(node.left);
    this._emit(', () => (');
    this.expr(node.right);
    this._emit('))');
  }

  compileNot(node: JNode): void {
    this._emit('!runtime.truthy(');
    this.expr(node.target);
    this._emit(')');
  }

  compileNeg(node: JNode): void {
    this._emit('runtime.neg(');
    this.expr(node.target);
    this._emit(')');
  }

  compilePos(node: JNode): void {
    this._emit('runtime.pos(');
    this.expr(node.target);
    this._emit(')');
  }

  compileInlineIf(node: JNode): void {
    this.soft++;
    this._emit('(runtime.truthy(');
    this.expr(node.cond);
    this._emit(') ? ');
    this.expr(node.body);
    this._emit(' : ');
    if (node.else_) this.expr(node.else_);
    else {
      const hint = `the inline if-expression on line ${node.lineno + 1} evaluated to false and no else section was defined.`;
      this._emit(`runtime.undef(${JSON.stringify(hint)})`);
    }
    this._emit(')');
    this.soft--;
  }
}

for (const [node, fn] of Object.entries(BINARY)) {
  (JinjaExprCompiler.prototype as unknown as Record<string, unknown>)[`compile${node}`] = function (
    this: JinjaExprCompiler,
    n: JNode,
  ) {
    this.binary(fn, n.left, n.right);
  };
}
