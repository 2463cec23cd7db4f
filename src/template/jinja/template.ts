import nunjucks from 'nunjucks';
import { JinjaCompiler, MACRO_PREFIX } from './compiler.js';
import type { Registry } from './compiler-expr.js';
import { parseTemplate } from './parser.js';
import { jinjaRuntime } from './runtime.js';
import { TemplateRuntimeError } from './traceback.js';

/**
 * A nunjucks Template whose source is parsed and compiled by our Jinja parser and compiler, and whose
 * compiled code runs with our runtime: everything Jinja-specific is local to these templates.
 */

/** A syntax error with its 1-based line. */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

interface EnvLike {
  filters: Record<string, unknown>;
  tests: Record<string, unknown>;
  globals: Record<string, unknown>;
  /** A scope's own resolution of global names (the renderer's macro namespaces), instead of `globals`. */
  lookupGlobal?(name: string): unknown;
}

/** What compiled code reads and writes as `context`: the render's variables, then the environment's globals. */
export class JinjaContext {
  private readonly exported: string[] = [];
  constructor(
    readonly ctx: Record<string, unknown>,
    readonly env: EnvLike,
  ) {}
  lookup(name: string): unknown {
    if (Object.prototype.hasOwnProperty.call(this.ctx, name)) return this.ctx[name];
    if (this.env.lookupGlobal) return this.env.lookupGlobal(name);
    return Object.prototype.hasOwnProperty.call(this.env.globals, name) ? this.env.globals[name] : undefined;
  }
  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }
  addExport(name: string): void {
    this.exported.push(name);
  }
  getExported(): Record<string, unknown> {
    return Object.fromEntries(this.exported.map((n) => [n, this.ctx[n]]));
  }
}

type RootFn = (
  env: unknown,
  context: JinjaContext,
  frame: unknown,
  runtime: unknown,
  cb: (err: unknown, out?: string) => void,
) => void;

interface TemplateState {
  tmplStr: string;
  path: string;
  env: EnvLike;
  compiled: boolean;
  blocks: Record<string, unknown>;
  rootRenderFunc: RootFn;
}

const Frame = (nunjucks as unknown as { runtime: { Frame: new () => { topLevel: boolean } } }).runtime.Frame;

/** A template's JavaScript: the code of a root function over its literals and name (`__lit`, `__file`). */
export interface CompiledJinja {
  code: string;
  literals: string[];
}

/** Parses and compiles Jinja source to the JavaScript of a root function. */
export function compileJinja(source: string, name: string, registry: Registry, macroPrefix = ''): CompiledJinja {
  let root;
  try {
    root = parseTemplate(source);
  } catch (err) {
    throw syntaxError(err);
  }
  const compiler = new JinjaCompiler(name);
  compiler.registry = registry;
  compiler.macroPrefix = macroPrefix;
  try {
    compiler.compile(root);
  } catch (err) {
    throw syntaxError(err);
  }
  return { code: compiler.getCode(), literals: compiler.literals };
}

type Factory = (literals: readonly string[], file: string) => { root: RootFn };

/**
 * One JavaScript function per code text: templates that differ only in their text and string literals (models
 * of one shape, tests of one macro) share it, so V8 parses and compiles it once. Bounded; emptied when full.
 */
const factories = new Map<string, Factory>();
// The key is the code text: a project of all-different templates keeps at most this many texts twice (here and in V8).
const MAX_FACTORIES = 2000;

function factoryOf(code: string): Factory {
  let factory = factories.get(code);
  if (factory) return factory;
  try {
    factory = new Function('__lit', '__file', code) as Factory;
  } catch (err) {
    throw new TemplateSyntaxError(`internal: generated code does not compile (${String(err)})`, undefined);
  }
  if (factories.size >= MAX_FACTORIES) factories.clear();
  factories.set(code, factory);
  return factory;
}

function syntaxError(err: unknown): TemplateSyntaxError {
  const e = err as { message?: string; lineno?: number };
  return new TemplateSyntaxError(String(e.message ?? err), typeof e.lineno === 'number' ? e.lineno : undefined);
}

export class JinjaTemplate extends (nunjucks.Template as unknown as new (
  src: string,
  env: unknown,
  path: string,
  eager: boolean,
) => object) {
  private readonly macroPrefix: string;

  /** `dbtMacroNames`: bind the template's own macros as dbt does, under dbt_macro__name (see JinjaCompiler). */
  constructor(source: string, env: nunjucks.Environment, path: string, options: { dbtMacroNames?: boolean } = {}) {
    super(source, env, path, false);
    this.macroPrefix = options.dbtMacroNames ? MACRO_PREFIX : '';
  }

  private get state(): TemplateState {
    return this as unknown as TemplateState;
  }

  _compile(): void {
    const s = this.state;
    const { filters, tests } = s.env;
    const registry = {
      filters: { has: (n: string) => Object.hasOwn(filters, n) },
      tests: { has: (n: string) => Object.hasOwn(tests, n) },
    };
    const { code, literals } = compileJinja(s.tmplStr, s.path, registry, this.macroPrefix);
    const props = factoryOf(code)(literals, s.path ?? '<template>');
    s.blocks = {};
    s.rootRenderFunc = props.root;
    s.compiled = true;
  }

  /** Compiles now (once); throws a TemplateSyntaxError. */
  compileNow(): this {
    if (!this.state.compiled) this._compile();
    return this;
  }

  private run(ctx: Record<string, unknown>): { output: string; context: JinjaContext } {
    this.compileNow();
    const context = new JinjaContext(ctx, this.state.env);
    const frame = new Frame();
    frame.topLevel = true;
    let failure: unknown;
    let output = '';
    this.state.rootRenderFunc(this.state.env, context, frame, jinjaRuntime, (err, out) => {
      failure = err;
      output = out ?? '';
    });
    if (failure)
      throw failure instanceof TemplateRuntimeError ? failure : new TemplateRuntimeError(String(failure), failure);
    return { output, context };
  }

  render(ctx: Record<string, unknown> = {}): string {
    return this.run({ ...ctx }).output;
  }

  /** Runs the template and returns what it defines at its top level (its macros and variables). */
  exported(ctx: Record<string, unknown> = {}): Record<string, unknown> {
    return this.run({ ...ctx }).context.getExported();
  }
}
