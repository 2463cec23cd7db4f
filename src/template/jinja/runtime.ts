import type { MacroMeta } from './macro-meta.js';
import nunjucks from 'nunjucks';
import { makeKeywords, splitArgs } from './args.js';
import { Namespace } from './globals.js';
import { LoopContext } from './loop.js';
import { getattr, getitem, slice } from './lookup.js';
import { iterate } from './methods.js';
import * as ops from './operators.js';
import { pyStr } from './python-str.js';
import { MacroReturn, TemplateRuntimeError, traced } from './traceback.js';
import {
  MACRO,
  PyFloat,
  Undefined,
  isMapping,
  isPythonNative,
  rememberKey,
  truthy,
  tuple,
  typeName,
  undefinedName,
} from './values.js';

/**
 * The runtime our compiled templates call: an object derived from nunjucks' runtime (its Frame and helpers)
 * with Jinja's semantics on top. It is passed to each template's root function, so nothing here changes
 * nunjucks for anyone else in the process.
 */

interface Frame {
  lookup(name: string): unknown;
  set(name: string, value: unknown, resolveUp?: boolean): void;
  push(isolate?: boolean): Frame;
  pop(): Frame;
  topLevel: boolean;
}

export interface RuntimeContext {
  lookup(name: string): unknown;
}

interface Env {
  getFilter(name: string): (...args: unknown[]) => unknown;
  getTest(name: string): (...args: unknown[]) => unknown;
}

type MacroBody = (values: unknown[], varargs: unknown[], kwargs: Record<string, unknown>, caller: unknown) => unknown;

/** Marks a missing macro argument; the compiled body then evaluates the default. */
const MISSING = Symbol('missing');

function bindMacro(meta: MacroMeta, args: unknown[]): [unknown[], unknown[], Record<string, unknown>, unknown] {
  const { positional, kwargs } = splitArgs(args);
  const values: unknown[] = meta.params.map((_, i) => (i < positional.length ? positional[i] : MISSING));
  const extra = positional.slice(meta.params.length);
  if (extra.length && !meta.catchVarargs) {
    throw new TypeError(`macro '${meta.name}' takes not more than ${meta.params.length} argument(s)`);
  }
  const rest: Record<string, unknown> = {};
  let caller: unknown = new Undefined('No caller defined');
  for (const [k, v] of Object.entries(kwargs)) {
    const i = meta.params.indexOf(k);
    if (i >= 0) {
      if (i < positional.length) throw new TypeError(`macro '${meta.name}' takes no keyword argument '${k}'`);
      values[i] = v;
    } else if (k === 'caller' && meta.caller) caller = v;
    else if (meta.catchKwargs) rest[k] = v;
    else throw new TypeError(`macro '${meta.name}' takes no keyword argument '${k}'`);
  }
  return [values, tuple(extra), rest, caller];
}

function isMacro(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[MACRO] !== undefined;
}

/** What a JavaScript function (not a macro) receives: integral floats as plain numbers. */
function plain(v: unknown): unknown {
  return v instanceof PyFloat ? v.value : v;
}

function describeCallee(fn: unknown, name: string): never {
  if (fn instanceof Undefined) fn.fail();
  if (fn === undefined) new Undefined(`'${name}' is undefined`).fail();
  throw new TypeError(`'${typeName(fn)}' object is not callable`);
}

function collectArgs(
  args: unknown[],
  kwargs: Record<string, unknown> | null,
  star: unknown,
  starKw: unknown,
): unknown[] {
  const all = star === undefined || star === null ? args : [...args, ...iterate(star)];
  let kw = kwargs;
  if (starKw !== undefined && starKw !== null) {
    if (starKw instanceof Undefined) starKw.fail();
    if (!isMapping(starKw)) throw new TypeError('argument after ** must be a mapping');
    kw = { ...(kw ?? {}), ...starKw };
  }
  return kw && Object.keys(kw).length ? [...all, makeKeywords(kw)] : all;
}

const base = (nunjucks as unknown as { runtime: Record<string, unknown> }).runtime;

export const jinjaRuntime = Object.assign(Object.create(base) as Record<string, unknown>, {
  ...ops,
  MISSING,
  LoopContext,
  truthy,
  getattr,
  getitem,
  slice,
  iterate,
  tuple,
  float: (n: number) => new PyFloat(n),
  str: pyStr,
  not: (v: unknown) => !truthy(v),
  and: (a: unknown, b: () => unknown) => (truthy(a) ? b() : a),
  or: (a: unknown, b: () => unknown) => (truthy(a) ? a : b()),
  undef: (hint: string) => new Undefined(hint),
  fail: (message: string): never => {
    throw new Error(message);
  },

  lookup(context: RuntimeContext, frame: Frame, name: string): unknown {
    const v = frame.lookup(name);
    if (v !== undefined) return v;
    const c = context.lookup(name);
    return c === undefined ? undefinedName(name) : c;
  },

  compareChain(first: unknown, ...rest: unknown[]): boolean {
    let left = first;
    for (let i = 0; i < rest.length; i += 2) {
      const right = (rest[i + 1] as () => unknown)();
      if (!ops.compare(rest[i] as string, left, right)) return false;
      left = right;
    }
    return true;
  },

  dict(flat: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < flat.length; i += 2) {
      const k = flat[i];
      if (k instanceof Undefined) k.fail();
      const text = typeof k === 'string' ? k : pyStr(k);
      out[text] = flat[i + 1];
      if (typeof k === 'number' || k instanceof PyFloat) rememberKey(out, text, k);
    }
    return out;
  },

  call(
    fn: unknown,
    name: string,
    args: unknown[],
    kwargs: Record<string, unknown> | null,
    star?: unknown,
    starKw?: unknown,
  ) {
    if (fn instanceof LoopContext) return fn.call(args[0]);
    if (typeof fn !== 'function') describeCallee(fn, name);
    const all = collectArgs(args, kwargs, star, starKw);
    return isMacro(fn) || isPythonNative(fn) ? fn(...all) : fn(...all.map(plain));
  },

  filter(
    env: Env,
    name: string,
    value: unknown,
    args: unknown[],
    kwargs: Record<string, unknown> | null,
    star?: unknown,
    starKw?: unknown,
  ) {
    return env.getFilter(name)(value, ...collectArgs(args, kwargs, star, starKw));
  },

  test(
    env: Env,
    name: string,
    value: unknown,
    args: unknown[],
    kwargs: Record<string, unknown> | null,
    star?: unknown,
    starKw?: unknown,
  ) {
    return truthy(env.getTest(name)(value, ...collectArgs(args, kwargs, star, starKw)));
  },

  /** Values for `{% for a, b in … %}`: each item must have exactly as many parts as there are names. */
  unpack(item: unknown, n: number): unknown[] {
    const parts = iterate(item);
    if (parts.length !== n) {
      throw new Error(
        `ValueError: ${parts.length < n ? 'not enough' : 'too many'} values to unpack (expected ${n}, got ${parts.length})`,
      );
    }
    return parts;
  },

  setAttr(obj: unknown, key: string, value: unknown): void {
    if (obj instanceof Undefined) obj.fail();
    if (!(obj instanceof Namespace))
      throw new TypeError(`cannot assign attribute on non-namespace object (setting '${key}')`);
    obj[key] = value;
  },

  makeJinjaMacro(meta: MacroMeta, body: MacroBody): (...args: unknown[]) => unknown {
    const macro = (...args: unknown[]) => body(...bindMacro(meta, args));
    Object.defineProperty(macro, MACRO, { value: meta });
    Object.defineProperty(macro, 'name', { value: meta.name });
    return macro;
  },

  /** A macro's catch: `return(x)` ends the macro with x; anything else gets this macro's line added. */
  macroError(err: unknown, lineno: number, file: string, name: string): unknown {
    if (err instanceof MacroReturn) return err.value;
    const t = traced(err);
    t.frames.push({ file, line: lineno + 1, macro: name });
    throw t;
  },

  /** A template root's catch. */
  handleError(err: unknown, lineno: number, file: string): TemplateRuntimeError {
    const t =
      err instanceof MacroReturn
        ? new TemplateRuntimeError('return() was called outside of a macro', err)
        : traced(err);
    t.frames.push({ file, line: lineno + 1 });
    return t;
  },
});

export type { MacroMeta };
