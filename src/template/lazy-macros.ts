import { TsmodelError } from '../errors/index.js';
import type { MacroFn } from './namespaces.js';

/**
 * tsmodel's own macro files (`<builtin>/…`: the snapshot, dbt's cross-database library, the generic tests) are
 * compiled when one of their macros is first used, not with every renderer: a run uses a handful of the ~40
 * files, and compiling all of them cost every call of the API ~130 ms of CPU. Their macros are registered from
 * the names their `{% macro name(` lines declare; each is a stand-in that compiles its file on first use (a call,
 * or reading its parameters) and from then on is that macro. A project's and packages' files are compiled as
 * before, when the renderer is made, so that their syntax errors are reported by the parse.
 */

const MACRO_DEF = /\{%-?\s*macro\s+([A-Za-z_]\w*)\s*\(/g;

/** Whether a file is one of tsmodel's own (compiled on first use). */
export function isLazyMacroFile(path: string): boolean {
  return path.startsWith('<builtin>/');
}

/** The macros a file defines, in order, read from its `{% macro name(` lines (after rewriteBlocks). */
export function declaredMacroNames(source: string): string[] {
  return [...source.matchAll(MACRO_DEF)].map((m) => m[1]!);
}

/**
 * Stand-ins for the macros `names` of one file: `compile` compiles the file once and returns its macros by name
 * (a file that declares a macro it does not define is a defect of tsmodel's, reported as an internal error).
 */
export function lazyMacros(path: string, names: readonly string[], compile: () => Map<string, MacroFn>) {
  let compiled: Map<string, MacroFn> | undefined;
  const real = (name: string): MacroFn => {
    compiled ??= compile();
    const fn = compiled.get(name);
    if (!fn) throw new TsmodelError('internal', `built-in macro file ${path} declares ${name} but does not define it`);
    return fn;
  };
  return new Map<string, MacroFn>(
    names.map((name) => {
      // An arrow function: no own `prototype`, so every property read can answer from the real macro.
      const standIn = (() => undefined) as MacroFn;
      const proxy = new Proxy(standIn, {
        apply: (_t, self, args) => Reflect.apply(real(name), self, args),
        get: (_t, key) => Reflect.get(real(name), key),
        has: (_t, key) => Reflect.has(real(name), key),
      });
      return [name, proxy];
    }),
  );
}
