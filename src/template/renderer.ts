import type nunjucks from 'nunjucks';
import { TsmodelError, type SourceLocation } from '../errors/index.js';
import { createJinjaEnvironment } from './jinja/environment.js';
import { MACRO_PREFIX } from './jinja/compiler.js';
import type { MacroMeta } from './jinja/macro-meta.js';
import { MACRO } from './jinja/values.js';
import { JinjaTemplate } from './jinja/template.js';
import { TemplateRuntimeError } from './jinja/traceback.js';
import { runtimeErrorToTsmodel, syntaxErrorToTsmodel } from './template-errors.js';
import { dispatchEntries, dispatchMacro, type DispatchEntry } from './dispatch.js';
import { macroLine, rewriteBlocks } from './macro-blocks.js';
import { MacroNamespaces, MISSING, type MacroFn, type MacroInfo } from './namespaces.js';
import { ABSENT, definesName } from './context-lazy.js';
import { declaredMacroNames, isLazyMacroFile, lazyMacros } from './lazy-macros.js';
import { modelPackageOf } from './context-common.js';

export interface MacroFile {
  /** Path relative to the project root (or "<builtin>/name.sql"). */
  path: string;
  source: string;
  /** Overridable: tsmodel's built-ins (and, marked so by parse/, packages' macros). */
  builtin: boolean;
  /** The installed package the file belongs to (its namespace); unset for the root project and built-ins. */
  package?: string;
}

export type { MacroInfo } from './namespaces.js';

/** Values and functions visible to a template while it renders. */
export type TemplateContext = Record<string, unknown>;

export interface RendererOptions {
  /** The root project's name: `{{ <name>.macro() }}` calls its own macros. */
  project?: string;
  /** The project's `dispatch:` config (search orders of adapter.dispatch). */
  dispatch?: readonly unknown[];
}

/**
 * Renders templates synchronously. Every macro file is compiled once, in the
 * scope of its package (namespaces.ts: the root project, a package, or the
 * built-in `dbt` library), so an unqualified call resolves as dbt resolves it
 * and `dbt_utils.star()` reaches a package's macro. The context of one render
 * is installed for exactly that render, so macros called from a model see
 * that model's ref(), this, config and so on.
 */
export class Renderer {
  private readonly env = createJinjaEnvironment();
  private readonly globals = (this.env as unknown as { globals: Record<string, unknown> }).globals;
  private readonly cache = new Map<string, { source: string; template: JinjaTemplate }>();
  private readonly shared = new Map<string, JinjaTemplate>();
  private readonly views = new Map<string, nunjucks.Environment>();
  private readonly dispatchConfig: DispatchEntry[];
  private readonly scopeStack: string[] = [];
  /** The contexts of the renders under way, the innermost last (a macro called while rendering renders). */
  private readonly contexts: TemplateContext[] = [];
  private raised: TsmodelError | undefined;
  readonly namespaces: MacroNamespaces;
  /** Every macro by name, as the engine's callMacro picks it (the project's, a built-in, a package's). */
  readonly macros: Map<string, MacroInfo>;
  readonly errors: TsmodelError[] = [];

  constructor(macroFiles: readonly MacroFile[], options: RendererOptions = {}) {
    this.namespaces = new MacroNamespaces(options.project, (name) => this.contextValue(name));
    this.dispatchConfig = dispatchEntries(options.dispatch);
    for (const file of macroFiles) this.loadMacroFile(file);
    this.namespaces.seal();
    this.macros = this.namespaces.flat();
    this.globals.context = this.contextMapping();
  }

  /** dbt's `context`: every name the current render sees, as a mapping (`context['dbt_utils']`, `context.get(n)`). */
  private contextMapping(): Record<string, unknown> {
    const get = (name: string | symbol): unknown =>
      typeof name === 'string' ? this.namespaces.lookup(this.nodeScope(), name, this.nodeScope()) : undefined;
    return new Proxy({} as Record<string, unknown>, {
      get: (_t, k) => get(k),
      has: (_t, k) => get(k) !== undefined,
      getOwnPropertyDescriptor: (_t, k) => {
        const value = get(k);
        return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
      },
    });
  }

  /** The environment a scope's templates compile against: its own lookup of global names. */
  private view(scope: string): nunjucks.Environment {
    let v = this.views.get(scope);
    if (!v) {
      v = Object.create(this.env) as nunjucks.Environment;
      (v as unknown as { lookupGlobal(n: string): unknown }).lookupGlobal = (n) =>
        this.namespaces.lookup(scope, n, this.nodeScope());
      this.views.set(scope, v);
    }
    return v;
  }

  /** The scope of the node being rendered (the root project's when none is). */
  private nodeScope(): string {
    return this.scopeStack[this.scopeStack.length - 1] ?? '';
  }

  private loadMacroFile(file: MacroFile): void {
    const source = rewriteBlocks(file.source);
    const scope = MacroNamespaces.scopeOf(file);
    const fns = isLazyMacroFile(file.path)
      ? lazyMacros(file.path, declaredMacroNames(source), () => {
          const compiled = this.compileMacroFile(file, source, scope);
          if (!compiled) throw this.errors.pop()!;
          return compiled;
        })
      : this.compileMacroFile(file, source, scope);
    for (const [name, fn] of fns ?? []) {
      const info = { name, path: file.path, builtin: file.builtin } as MacroInfo;
      // Its line is looked for only when shown (an error in it, the manifest).
      let line: number | undefined;
      Object.defineProperty(info, 'line', { get: () => (line ??= macroLine(file.source, name)), enumerable: true });
      if (file.package) info.package = file.package;
      const dup = this.namespaces.add(scope, info, fn);
      if (dup) this.errors.push(dup);
    }
  }

  /** A macro file's macros by name (undefined, with the error recorded, when it does not compile). */
  private compileMacroFile(file: MacroFile, source: string, scope: string): Map<string, MacroFn> | undefined {
    let exported: Record<string, unknown>;
    let template: JinjaTemplate;
    try {
      template = new JinjaTemplate(source, this.view(scope), file.path, { dbtMacroNames: true }).compileNow();
    } catch (err) {
      this.errors.push(syntaxErrorToTsmodel(err, file.path, source));
      return undefined;
    }
    try {
      exported = template.exported({});
    } catch (err) {
      this.errors.push(this.toTemplateError(err, file.path));
      return undefined;
    }
    const fns = new Map<string, MacroFn>();
    for (const [key, fn] of Object.entries(exported))
      if (typeof fn === 'function' && key.startsWith(MACRO_PREFIX))
        fns.set(key.slice(MACRO_PREFIX.length), fn as MacroFn);
    return fns;
  }

  /** A macro's parameters (by name, or `package.name`), as compiled. */
  macroMeta(name: string): MacroMeta | undefined {
    const fn = this.namespaces.find(name)?.fn as unknown as Record<symbol, MacroMeta | undefined> | undefined;
    return fn?.[MACRO];
  }

  hasMacro(name: string): boolean {
    return this.namespaces.find(name) !== undefined;
  }

  /** Records a typed error raised by a context function, so it survives nunjucks' wrapping. */
  raise(err: TsmodelError): never {
    this.raised = err;
    throw err;
  }

  /** The scope a render runs in: the node's package when it is an installed one, else the root project. */
  private scopeOfContext(context: TemplateContext): string {
    const pkg = modelPackageOf(context);
    return typeof pkg === 'string' && pkg !== this.namespaces.rootName && this.namespaces.hasNamespace(pkg) ? pkg : '';
  }

  /** Renders one file. Throws a TsmodelError('template') with file and line. */
  render(file: string, source: string, context: TemplateContext): string {
    const scope = this.scopeOfContext(context);
    return this.withContext(context, scope, () => {
      const key = scope === '' ? file : `${scope}\0${file}`;
      let entry = this.cache.get(key);
      if (!entry || entry.source !== source) {
        entry = { source, template: this.compile(source, scope, file) };
        this.cache.set(key, entry);
      }
      return this.run(entry.template, file);
    });
  }

  /**
   * Renders a text that many renders of one file share (a generic test's call with its arguments as
   * variables): compiled once per scope, file and text, where render() keeps one text per file.
   */
  renderShared(file: string, source: string, context: TemplateContext): string {
    const scope = this.scopeOfContext(context);
    return this.withContext(context, scope, () => {
      const key = `${scope}\0${file}\0${source}`;
      let template = this.shared.get(key);
      if (!template) {
        template = this.compile(source, scope, file);
        this.shared.set(key, template);
      }
      return this.run(template, file);
    });
  }

  private compile(source: string, scope: string, file: string): JinjaTemplate {
    try {
      return new JinjaTemplate(source, this.view(scope), file, { dbtMacroNames: true }).compileNow();
    } catch (err) {
      throw syntaxErrorToTsmodel(err, file, source);
    }
  }

  private run(template: JinjaTemplate, file: string): string {
    try {
      return template.render({});
    } catch (err) {
      throw this.toTemplateError(err, file);
    }
  }

  /** Runs `fn` with some macros replaced by values (a unit test's `overrides: macros:`), in every scope. */
  withMacroOverrides<T>(overrides: ReadonlyMap<string, unknown>, fn: () => T): T {
    const saved = this.namespaces.overrides;
    this.namespaces.overrides = overrides;
    try {
      return fn();
    } finally {
      this.namespaces.overrides = saved;
    }
  }

  /** Calls a macro by name (e.g. generate_schema_name, or dbt_utils.star) with the given context installed. */
  callMacro(name: string, args: unknown[], context: TemplateContext, where: SourceLocation): unknown {
    const found = this.namespaces.find(name);
    if (!found) {
      throw new TsmodelError('template', `Macro '${name}' is not defined`, { location: where });
    }
    return this.withContext(context, this.scopeOfContext(context), () => {
      try {
        return found.fn(...args);
      } catch (err) {
        throw this.toTemplateError(err, found.info.path);
      }
    });
  }

  /** adapter.dispatch(name, macro_namespace): the macro to call, searched from the current render's scope. */
  dispatch(name: string, namespace: string | undefined, targetType: string): MacroFn {
    const scope = this.nodeScope();
    try {
      return dispatchMacro(this.namespaces, this.dispatchConfig, { name, namespace, scope, targetType });
    } catch (err) {
      if (err instanceof TsmodelError) this.raise(err);
      throw err;
    }
  }

  /**
   * What a name means in the contexts of the renders under way (the innermost first), then among the globals
   * (Jinja's range, dict…; dbt's `context`); MISSING when none defines it.
   */
  private contextValue(name: string): unknown {
    for (let i = this.contexts.length - 1; i >= 0; i--) {
      const ctx = this.contexts[i]!;
      if (!definesName(ctx, name)) continue;
      const value = ctx[name];
      if (value !== ABSENT) return value;
    }
    return Object.hasOwn(this.globals, name) ? this.globals[name] : MISSING;
  }

  private withContext<T>(context: TemplateContext, scope: string, fn: () => T): T {
    this.raised = undefined;
    this.scopeStack.push(scope);
    this.contexts.push(context);
    try {
      return fn();
    } finally {
      this.contexts.pop();
      this.scopeStack.pop();
    }
  }

  private toTemplateError(err: unknown, file: string): TsmodelError {
    const cause = err instanceof TemplateRuntimeError ? err.cause : err;
    const raised = cause instanceof TsmodelError ? cause : this.raised;
    this.raised = undefined;
    return runtimeErrorToTsmodel(err, file, raised);
  }
}
