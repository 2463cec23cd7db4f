import { TsmodelError } from '../errors/index.js';

/**
 * Macro namespaces as dbt resolves them (dbt-core's MacroNamespace): every package is a namespace
 * (`dbt_utils.star()`), the root project is one under its own name, and `dbt` is the namespace of the
 * built-in library (tsmodel's own macros included). An unqualified name is looked up, from a macro or a
 * node of scope S, in this order:
 *   1. the root project's macros and S's own (a package's macro finds its sibling unqualified): S's first
 *      while rendering a node of S (dbt's local namespace), else the root project's first (a project
 *      overrides a package's or dbt's macro of the same name);
 *   2. the namespaces by name (`dbt_utils`, `dbt`, the root project's name);
 *   3. the render's context (ref, config, this, …), then dbt's internal macros, then any package's macro.
 * Levels 1–2 win over the context, as dbt's macros do (a project's `ref` macro overrides `ref`); the
 * built-in library never shadows a context function (`is_incremental` stays the context's).
 */

export type MacroFn = (...args: unknown[]) => unknown;

/** The namespace of dbt's (and tsmodel's) built-in macros. */
export const INTERNAL = 'dbt';

export interface MacroInfo {
  name: string;
  path: string;
  /** Not the root project's own: tsmodel's built-ins and packages' macros (dbt: overridable). */
  builtin: boolean;
  line: number;
  /** The package the macro belongs to; unset for the root project's and tsmodel's built-ins. */
  package?: string;
}

interface Scope {
  fns: Map<string, MacroFn>;
  infos: Map<string, MacroInfo>;
}

/** What the render's context lookup returns for a name it does not define. */
export const MISSING = Symbol('not in the context');

/** Names the `dbt` namespace takes from the render's context, as dbt defines them as macros. */
const CONTEXT_MACROS = ['is_incremental', 'run_query', 'should_full_refresh', 'should_store_failures', 'load_relation'];

export class MacroNamespaces {
  private readonly root: Scope = { fns: new Map(), infos: new Map() };
  private readonly internal: Scope = { fns: new Map(), infos: new Map() };
  private readonly packages = new Map<string, Scope>();
  private readonly high = new Map<string, Map<string, unknown>>();
  private low = new Map<string, unknown>();
  private objects: Record<string, Record<string, unknown>> = {};

  constructor(
    readonly rootName: string | undefined,
    /** The render's context, then the globals (MISSING: not defined there). */
    private readonly shared: (name: string) => unknown,
  ) {}

  /** The scope key of a macro file or a node: its package, or '' (root) / INTERNAL (tsmodel's built-ins). */
  static scopeOf(file: { builtin: boolean; package?: string }): string {
    return file.package ?? (file.builtin ? INTERNAL : '');
  }

  private scope(key: string): Scope {
    if (key === '') return this.root;
    if (key === INTERNAL) return this.internal;
    let s = this.packages.get(key);
    if (!s) this.packages.set(key, (s = { fns: new Map(), infos: new Map() }));
    return s;
  }

  /** Macros replaced for one render (a unit test's `overrides: macros:`), over every scope. */
  overrides: ReadonlyMap<string, unknown> | undefined;

  /** Adds one macro; a second definition in the same scope is an error naming both files. */
  add(key: string, info: MacroInfo, fn: MacroFn): TsmodelError | undefined {
    const scope = this.scope(key);
    const existing = scope.infos.get(info.name);
    if (existing) {
      const where = key === '' ? 'the project' : key === INTERNAL ? 'the built-in library' : `package ${key}`;
      return new TsmodelError(
        'template',
        `Macro '${info.name}' is defined twice in ${where}: in ${existing.path} and in ${info.path}`,
        { location: { file: info.path, line: info.line }, hint: 'Rename or remove one of them.' },
      );
    }
    scope.infos.set(info.name, info);
    scope.fns.set(info.name, fn);
    return undefined;
  }

  /** Builds the lookup tables once every file is loaded. */
  seal(): void {
    const objects: Record<string, Record<string, unknown>> = {};
    for (const [name, s] of this.packages) objects[name] = Object.fromEntries(s.fns);
    const dbt: Record<string, unknown> = Object.fromEntries(this.internal.fns);
    for (const name of CONTEXT_MACROS)
      if (!(name in dbt)) Object.defineProperty(dbt, name, { get: () => this.sharedValue(name), enumerable: true });
    objects[INTERNAL] = dbt;
    if (this.rootName && !(this.rootName in objects)) objects[this.rootName] = Object.fromEntries(this.root.fns);
    this.objects = objects;
    const low = new Map<string, unknown>();
    for (const s of this.packages.values()) for (const [n, f] of s.fns) if (!low.has(n)) low.set(n, f);
    for (const [n, f] of this.internal.fns) low.set(n, f);
    this.low = low;
    this.high.clear();
  }

  private highOf(key: string, localFirst: boolean): Map<string, unknown> {
    const cacheKey = localFirst ? `${key}\0local` : key;
    let m = this.high.get(cacheKey);
    if (m) return m;
    m = new Map<string, unknown>(Object.entries(this.objects));
    const own = key !== '' && key !== INTERNAL ? this.scope(key).fns : new Map<string, MacroFn>();
    for (const layer of localFirst ? [this.root.fns, own] : [own, this.root.fns])
      for (const [n, f] of layer) m.set(n, f);
    this.high.set(cacheKey, m);
    return m;
  }

  /**
   * What an unqualified name means in a scope (undefined: not defined). `nodeScope`: the scope of the node
   * being rendered; a package's own macros come before the root project's while rendering its nodes.
   */
  lookup(key: string, name: string, nodeScope = ''): unknown {
    if (this.overrides?.has(name)) return this.overrides.get(name);
    const h = this.highOf(key, key === nodeScope && key !== '').get(name);
    if (h !== undefined) return h;
    const shared = this.shared(name);
    return shared === MISSING ? this.low.get(name) : shared;
  }

  private sharedValue(name: string): unknown {
    const value = this.shared(name);
    return value === MISSING ? undefined : value;
  }

  /** A macro of one namespace: a package's name, the root project's name, or `dbt`. */
  inNamespace(namespace: string, name: string): MacroFn | undefined {
    if (namespace === INTERNAL) return this.internal.fns.get(name);
    if (this.packages.has(namespace)) return this.packages.get(namespace)!.fns.get(name);
    if (namespace === this.rootName) return this.root.fns.get(name);
    return undefined;
  }

  hasNamespace(namespace: string): boolean {
    return namespace === INTERNAL || namespace === this.rootName || this.packages.has(namespace);
  }

  /** A macro by name as the engine calls it: the project's, else a built-in, else a package's. */
  find(name: string): { fn: MacroFn; info: MacroInfo } | undefined {
    const dot = name.indexOf('.');
    if (dot > 0) {
      const ns = name.slice(0, dot);
      const scope = ns === INTERNAL ? this.internal : ns === this.rootName ? this.root : this.packages.get(ns);
      const m = name.slice(dot + 1);
      const fn = scope?.fns.get(m);
      return fn ? { fn, info: scope!.infos.get(m)! } : undefined;
    }
    for (const s of [this.root, this.internal, ...this.packages.values()]) {
      const fn = s.fns.get(name);
      if (fn) return { fn, info: s.infos.get(name)! };
    }
    return undefined;
  }

  /** Every macro by name, as `find` would pick it. */
  flat(): Map<string, MacroInfo> {
    const out = new Map<string, MacroInfo>();
    for (const s of [this.root, this.internal, ...this.packages.values()])
      for (const [n, info] of s.infos) if (!out.has(n)) out.set(n, info);
    return out;
  }

  /** The macros of every scope, each once. */
  all(): MacroInfo[] {
    return [this.root, this.internal, ...this.packages.values()].flatMap((s) => [...s.infos.values()]);
  }
}
