import nunjucks from 'nunjucks';
import { addJinjaFilters, patchMemberLookup } from './python-compat.js';

/** Thrown by `return(value)` inside a macro; caught where the macro was called. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

type MacroBody = (...args: unknown[]) => unknown;
type MakeMacro = (argNames: string[], kwargNames: string[], func: MacroBody) => MacroBody;

let patched = false;

/**
 * dbt's `{{ return(x) }}` ends a macro and makes the call evaluate to x (not to
 * text). nunjucks has no such statement, so every macro body is wrapped once,
 * process-wide, to turn a MacroReturn into the macro's value. Nothing else in
 * nunjucks' behaviour changes.
 */
function patchMacroReturn(): void {
  if (patched) return;
  patched = true;
  const runtime = (nunjucks as unknown as { runtime: { makeMacro: MakeMacro } }).runtime;
  const original = runtime.makeMacro;
  runtime.makeMacro = (argNames, kwargNames, func) =>
    original(argNames, kwargNames, function (this: unknown, ...args: unknown[]) {
      try {
        return func.apply(this, args);
      } catch (err) {
        if (err instanceof MacroReturn) return err.value;
        throw err;
      }
    });
  nunjucks.installJinjaCompat();
  patchListAddition(runtime as unknown as Record<string, unknown>);
  patchNamespaceSet(runtime as unknown as Record<string, unknown>);
  patchMemberLookup(runtime as unknown as Record<string, unknown>);
}

interface CompilerProto {
  _emit(code: string): void;
  compile(node: unknown, frame: unknown): void;
}

/** Jinja's `[a] + [b]` concatenates lists; JavaScript's `+` would join them into a string. */
function patchListAddition(runtime: Record<string, unknown>): void {
  runtime.tsmodelAdd = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : (a as number) + (b as number);
  const compiler = (nunjucks as unknown as { compiler: { Compiler: { prototype: Record<string, unknown> } } }).compiler;
  compiler.Compiler.prototype.compileAdd = function (
    this: CompilerProto,
    node: { left: unknown; right: unknown },
    frame: unknown,
  ) {
    this._emit('runtime.tsmodelAdd(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
}

/** Jinja's `namespace(k=v)`: an object whose attributes `{% set ns.k = … %}` may change, also from inside a loop. */
export class Namespace {
  [key: string]: unknown;
  constructor(values: Record<string, unknown>) {
    Object.assign(this, values);
  }
}

interface SetNode {
  typename: string;
  lineno: number;
  colno: number;
  targets: { typename: string; target?: unknown; val?: unknown }[];
  value: unknown;
}
interface SetCompiler extends CompilerProto {
  fail(message: string, lineno?: number, colno?: number): never;
  _compileExpression(node: unknown, frame: unknown): void;
  _emitLine(code: string): void;
}

/**
 * Jinja's `{% set ns.total = ns.total + 1 %}` (nunjucks only sets plain names, and
 * crashed with "reading 'charAt'" on a dotted target): compiled to an attribute
 * assignment, allowed on namespace() objects only, as in Jinja.
 */
function patchNamespaceSet(runtime: Record<string, unknown>): void {
  runtime.tsmodelSetAttr = (obj: unknown, key: unknown, value: unknown) => {
    if (!(obj instanceof Namespace))
      throw new Error(`cannot set '${String(key)}': {% set x.attr = … %} works on a namespace() object only`);
    obj[String(key)] = value;
  };
  const compiler = (nunjucks as unknown as { compiler: { Compiler: { prototype: Record<string, unknown> } } }).compiler;
  const original = compiler.Compiler.prototype.compileSet as (this: SetCompiler, node: SetNode, frame: unknown) => void;
  compiler.Compiler.prototype.compileSet = function (this: SetCompiler, node: SetNode, frame: unknown) {
    const dotted = node.targets.filter((t) => t.typename === 'LookupVal');
    if (dotted.length === 0) return original.call(this, node, frame);
    if (node.targets.length !== 1 || !node.value)
      this.fail(
        'set: an attribute target (ns.attr) must be the only target and take "= value"',
        node.lineno,
        node.colno,
      );
    const target = dotted[0]!;
    this._emit(`lineno = ${node.lineno}; colno = ${node.colno}; runtime.tsmodelSetAttr(`);
    this._compileExpression(target.target, frame);
    this._emit(', ');
    this._compileExpression(target.val, frame);
    this._emit(', ');
    this._compileExpression(node.value, frame);
    this._emitLine(');');
  };
}

interface ExtensionParser {
  nextToken(): { value: string; lineno: number; colno: number };
  parseExpression(): unknown;
  advanceAfterBlockEnd(name: string): void;
}
interface ExtensionNodes {
  NodeList: new (lineno: number, colno: number) => { addChild(n: unknown): void };
  CallExtension: new (ext: unknown, method: string, args: unknown) => unknown;
}

/** Jinja's `{% do expr %}`: evaluates an expression for its side effect. */
class DoExtension {
  tags = ['do'];
  parse(parser: ExtensionParser, nodes: ExtensionNodes): unknown {
    const tok = parser.nextToken();
    const args = new nodes.NodeList(tok.lineno, tok.colno);
    args.addChild(parser.parseExpression());
    parser.advanceAfterBlockEnd(tok.value);
    return new nodes.CallExtension(this, 'run', args);
  }
  run(): string {
    return '';
  }
}

function pyFormat(fmt: unknown, ...args: unknown[]): string {
  let i = 0;
  return String(fmt).replace(/%[sdif]/g, () => String(args[i++]));
}

function toBool(v: unknown): boolean {
  if (typeof v === 'string') return ['true', '1', 'yes', 'on'].includes(v.trim().toLowerCase());
  return Boolean(v);
}

/** A fresh nunjucks environment with the Jinja features dbt projects use. */
export function createEnvironment(): nunjucks.Environment {
  patchMacroReturn();
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false, trimBlocks: false });
  env.addExtension('do', new DoExtension());
  env.addFilter('as_number', (v: unknown) => Number(v));
  env.addFilter('as_bool', toBool);
  env.addFilter('as_text', (v: unknown) => (v === undefined || v === null ? '' : String(v)));
  env.addFilter('as_native', (v: unknown) => v);
  env.addFilter('tojson', (v: unknown) => JSON.stringify(v));
  env.addFilter('format', pyFormat);
  env.addFilter('unique', (v: unknown) => (Array.isArray(v) ? [...new Set(v)] : v));
  addJinjaFilters(env);
  env.addGlobal('namespace', (...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const initial =
      positional[0] && typeof positional[0] === 'object' ? (positional[0] as Record<string, unknown>) : {};
    return new Namespace({ ...initial, ...kwargs });
  });
  const tests = env as unknown as { addTest(name: string, fn: (v: unknown) => boolean): void };
  tests.addTest('none', (v: unknown) => v === null || v === undefined);
  tests.addTest('mapping', (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v));
  tests.addTest('sequence', (v: unknown) => Array.isArray(v) || typeof v === 'string');
  tests.addTest('boolean', (v: unknown) => typeof v === 'boolean');
  tests.addTest('integer', (v: unknown) => Number.isInteger(v));
  tests.addTest('float', (v: unknown) => typeof v === 'number' && !Number.isInteger(v));
  return env;
}

/** Splits nunjucks call arguments into positional args and keyword args. */
export function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
    const { __keywords: _ignored, ...kwargs } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}
