import { JinjaExprCompiler } from './compiler-expr.js';
import { type JNode, usesName } from './nodes.js';
import { innermostFilter } from './parser.js';

/**
 * Compiles statements: output, if, for (with loop, else, break/continue), set (names, tuples, namespace
 * attributes, blocks), macros (defaults, varargs, kwargs, caller), call and filter blocks, do. Every root and
 * macro function tracks its current line and adds it to errors passing through, for tracebacks.
 */

/** The prefix dbt gives the names of the macros a template defines. */
export const MACRO_PREFIX = 'dbt_macro__';

const UNSUPPORTED = ['Block', 'Extends', 'Include', 'Import', 'FromImport', 'Super', 'Switch', 'CallExtension'];

export class JinjaCompiler extends JinjaExprCompiler {
  /** Prepended to the names the template's macros are bound to ('' for plain Jinja). */
  macroPrefix = '';

  /** The template's name, a parameter of the code (see literals). */
  get file(): string {
    return '__file';
  }

  line(node: JNode): void {
    this._emitLine(`lineno = ${node.lineno};`);
  }

  compileNodeList(node: JNode): void {
    for (const child of node.children) this.compile(child);
  }

  compileRoot(node: JNode): void {
    this._emitLine('function root(env, context, frame, runtime, cb) {');
    this._emitLine('var lineno = 0;');
    this._emitLine('var colno = 0;');
    this._emitLine('var output = "";');
    this.buffer = 'output';
    this._emitLine('try {');
    this.compileNodeList(node);
    this._emitLine('cb(null, output);');
    this._emitLine(`} catch (e) { cb(runtime.handleError(e, lineno, ${this.file})); }`);
    this._emitLine('}');
    this._emitLine('return { root: root };');
  }

  compileOutput(node: JNode): void {
    for (const child of node.children) {
      if (child.typename === 'TemplateData') {
        if (child.value) this._emitLine(`${this.buffer} += ${this.literal(String(child.value))};`);
        continue;
      }
      this.line(child);
      this._emit(`${this.buffer} += runtime.str(`);
      this.expr(child);
      this._emitLine(');');
    }
  }

  compileIf(node: JNode): void {
    this.soft++;
    this.line(node);
    this._emit('if (runtime.truthy(');
    this.expr(node.cond);
    this._emitLine(')) {');
    this.compile(node.body);
    if (node.else_) {
      this._emitLine('} else {');
      this.compile(node.else_);
    }
    this._emitLine('}');
    this.soft--;
  }

  /** Binds a loop or assignment target (a name, a tuple of names, or ns.attr) to the JavaScript value `js`. */
  bind(target: JNode, js: string, topLevelExport: boolean): void {
    if (target.typename === 'Tuple') {
      const id = this._tmpid();
      this._emitLine(`var ${id} = runtime.unpack(${js}, ${target.children.length});`);
      target.children.forEach((child, i) => this.bind(child, `${id}[${i}]`, topLevelExport));
    } else if (target.typename === 'LookupVal') {
      this._emit('runtime.setAttr(');
      this.expr(target.target);
      this._emitLine(`, ${JSON.stringify(target.val.value)}, ${js});`);
    } else {
      const name = JSON.stringify(target.value);
      this._emitLine(`frame.set(${name}, ${js});`);
      if (topLevelExport) {
        const exported = String(target.value).startsWith('_') ? '' : ` context.addExport(${name});`;
        this._emitLine(`if (frame.topLevel) { context.setVariable(${name}, ${js});${exported} }`);
      }
    }
  }

  compileForLoop(node: JNode): void {
    this.line(node);
    if (!node.recursive) {
      const arr = this._tmpid();
      this._emit(`var ${arr} = runtime.iterate(`);
      this.expr(node.iter);
      this._emitLine(');');
      this.loopOver(node, arr, 'null', '0');
      return;
    }
    // A recursive loop is a function: `loop(items)` in its body renders the same loop over items, one level deeper.
    const [fn, items, depth] = [this._tmpid(), this._tmpid(), this._tmpid()];
    const saved = this.buffer;
    this._emitLine(`var ${fn} = function (${items}, ${depth}) {`);
    this.buffer = this._tmpid();
    this._emitLine(`var ${this.buffer} = "";`);
    this.loopOver(node, items, fn, depth);
    this._emitLine(`return ${this.buffer};`);
    this._emitLine('};');
    this.buffer = saved;
    this._emit(`${this.buffer} += ${fn}(runtime.iterate(`);
    this.expr(node.iter);
    this._emitLine('), 0);');
  }

  /** The loop itself over the array in variable `arr`; `recurse` is the function `loop(items)` calls, or null. */
  private loopOver(node: JNode, arr: string, recurse: string, depth: string): void {
    const [all, i, j, loop] = [this._tmpid(), this._tmpid(), this._tmpid(), this._tmpid()];
    this._emitLine('frame = frame.push();');
    if (node.test) {
      this._emitLine(`var ${all} = ${arr}; ${arr} = [];`);
      this._emitLine(`for (var ${j} = 0; ${j} < ${all}.length; ${j}++) {`);
      this.bind(node.target, `${all}[${j}]`, false);
      this._emit('if (runtime.truthy(');
      this.expr(node.test);
      this._emitLine(`)) ${arr}.push(${all}[${j}]);`);
      this._emitLine('}');
    }
    this._emitLine(`var ${loop} = new runtime.LoopContext(${arr}, ${depth}, ${recurse});`);
    this._emitLine(`frame.set("loop", ${loop});`);
    this._emitLine(`for (var ${i} = 0; ${i} < ${arr}.length; ${i}++) {`);
    this._emitLine(`${loop}.index0 = ${i};`);
    this.bind(node.target, `${arr}[${i}]`, false);
    this.hard(() => this.compile(node.body));
    this._emitLine('}');
    if (node.else_) {
      this._emitLine(`if (${arr}.length === 0) {`);
      this.compile(node.else_);
      this._emitLine('}');
    }
    this._emitLine('frame = frame.pop();');
  }

  /** Values are computed in the enclosing scope, then bound in a new one that ends with the block. */
  compileWith(node: JNode): void {
    this.line(node);
    const ids = (node.values as JNode[]).map((v) => {
      const id = this._tmpid();
      this._emit(`var ${id} = `);
      this.expr(v);
      this._emitLine(';');
      return id;
    });
    this._emitLine('frame = frame.push();');
    (node.targets as JNode[]).forEach((t, i) => this.bind(t, ids[i]!, false));
    this.compile(node.body);
    this._emitLine('frame = frame.pop();');
  }

  compileBreak(): void {
    this._emitLine('break;');
  }

  compileContinue(): void {
    this._emitLine('continue;');
  }

  compileDo(node: JNode): void {
    this.line(node);
    this.expr(node.expr);
    this._emitLine(';');
  }

  /** Renders a block body into a new string variable and returns its name. */
  capture(body: JNode): string {
    const id = this._pushBuffer();
    this.hard(() => this.compile(body));
    this._popBuffer();
    return id;
  }

  /** The filters of a filter block (or `{% set x | f %}`) applied to the captured body. */
  filtered(node: JNode): string {
    const body = this.capture(node.body);
    innermostFilter(node.filter).value = { typename: 'RawJs', code: body, lineno: node.lineno, colno: node.colno };
    const id = this._tmpid();
    this._emit(`var ${id} = `);
    this.expr(node.filter);
    this._emitLine(';');
    return id;
  }

  compileFilterBlock(node: JNode): void {
    this.line(node);
    const id = this.filtered(node);
    this._emitLine(`${this.buffer} += runtime.str(${id});`);
  }

  compileAssign(node: JNode): void {
    this.line(node);
    let id: string;
    if (node.value) {
      id = this._tmpid();
      this._emit(`var ${id} = `);
      this.expr(node.value);
      this._emitLine(';');
    } else id = node.body.typename === 'FilterBlock' ? this.filtered(node.body) : this.capture(node.body);
    this.bind(node.targets, id, true);
  }

  /** Emits a macro function into a variable and returns the variable's name. */
  macro(node: JNode): string {
    const [id, def, vals, varargs, kwargs, caller] = [
      'macro_' + this._tmpid(),
      this._tmpid(),
      this._tmpid(),
      this._tmpid(),
      this._tmpid(),
      this._tmpid(),
    ];
    const params = node.params as string[];
    const meta = {
      name: node.name as string,
      file: this.templateName ?? '<template>',
      params,
      catchVarargs: usesName(node.body, 'varargs'),
      catchKwargs: usesName(node.body, 'kwargs'),
      caller: usesName(node.body, 'caller'),
    };
    this._emitLine(`var ${def} = frame;`);
    this._emitLine(
      `var ${id} = runtime.makeJinjaMacro(${JSON.stringify(meta)}, function (${vals}, ${varargs}, ${kwargs}, ${caller}) {`,
    );
    this._emitLine(`var frame = ${def}.push(true);`);
    this._emitLine(`var lineno = ${node.lineno};`);
    this._emitLine('var colno = 0;');
    const savedBuffer = this.buffer;
    this.buffer = this._tmpid();
    this._emitLine(`var ${this.buffer} = "";`);
    this._emitLine('try {');
    params.forEach((p, i) => {
      const name = JSON.stringify(p);
      this._emit(`frame.set(${name}, ${vals}[${i}] !== runtime.MISSING ? ${vals}[${i}] : `);
      const dflt = (node.defaults as (JNode | null)[])[i];
      if (dflt) this.expr(dflt);
      else this._emit(`runtime.undef(${JSON.stringify(`parameter '${p}' was not provided`)})`);
      this._emitLine(');');
    });
    if (meta.catchVarargs) this._emitLine(`frame.set("varargs", ${varargs});`);
    if (meta.catchKwargs) this._emitLine(`frame.set("kwargs", ${kwargs});`);
    if (meta.caller) this._emitLine(`frame.set("caller", ${caller});`);
    this.hard(() => this.compile(node.body));
    this._emitLine(`return ${this.buffer};`);
    this._emitLine(`} catch (e) { return runtime.macroError(e, lineno, ${this.file}, ${JSON.stringify(meta.name)}); }`);
    this._emitLine('});');
    this.buffer = savedBuffer;
    return id;
  }

  /**
   * With dbt's naming (macroPrefix = MACRO_PREFIX) a macro is bound as dbt's parser renames it, dbt_macro__x:
   * a model cannot call a macro it defines by its name; macro files' macros reach the context via the renderer.
   */
  compileMacroDef(node: JNode): void {
    const id = this.macro(node);
    const value = this.macroPrefix + String(node.name);
    const name = { typename: 'Symbol', value, lineno: node.lineno, colno: node.colno } as unknown as JNode;
    this.bind(name, id, true);
  }

  compileCallBlock(node: JNode): void {
    this.line(node);
    const caller = this.macro(node.caller);
    const call = node.call as JNode;
    call.kwargs = [
      ...(call.kwargs as JNode[]),
      { typename: 'Pair', key: { value: 'caller' }, value: { typename: 'RawJs', code: caller } },
    ];
    this._emit(`${this.buffer} += runtime.str(`);
    this.expr(call);
    this._emitLine(');');
  }
}

for (const kind of UNSUPPORTED) {
  (JinjaCompiler.prototype as unknown as Record<string, unknown>)[`compile${kind}`] = function (
    this: JinjaCompiler,
    n: JNode,
  ) {
    this.fail(`this tag is not supported by tsmodel templates (${kind.toLowerCase()})`, n.lineno, n.colno);
  };
}
