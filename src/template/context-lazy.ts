/**
 * Template contexts built on first use. A render looks up a handful of names, but a context offers about a
 * hundred (dbt's context functions, the database objects, `adapter`…): building every function for every
 * node was most of the cost of rendering 40,000 nodes. A context is instead a small object holding its
 * inputs (INPUTS) whose prototype chain defines every name as a getter: the first read of a name builds its
 * value from the inputs and keeps it on the context (so `ctx.statement` and `ctx.load_result` share one
 * session, and a name read twice is the same object), and names no render reads are never built.
 *
 * The prototypes end in null; `extendContext` lays values over a context without losing its prototype (a
 * spread `{...ctx}` would keep only what was already built).
 */

export const INPUTS = Symbol('context inputs');

/** What a getter returns for a name the context does not define after all (a project macro overrides it). */
export const ABSENT = Symbol('absent from the context');

type Context = Record<string | symbol, unknown>;

/** Builds one name's value from the context that holds the inputs. */
export type Maker<C> = (ctx: C) => unknown;

/** The object of a chain that holds the inputs: values built for a context are kept there. */
function holder(obj: object): Context {
  let o = obj as Context;
  while (!Object.hasOwn(o, INPUTS)) o = Object.getPrototypeOf(o) as Context;
  return o;
}

function define(target: object, name: string | symbol, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

/** A prototype over `parent` defining `values` as they are and each of `makers` built on first read. */
export function lazyLayer<C>(
  parent: object | null,
  makers: Record<string, Maker<C>>,
  values: Record<string, unknown> = {},
): object {
  const proto = Object.create(parent) as object;
  for (const [name, value] of Object.entries(values)) define(proto, name, value);
  for (const [name, make] of Object.entries(makers))
    Object.defineProperty(proto, name, {
      enumerable: true,
      configurable: true,
      get(this: object) {
        const h = holder(this);
        const value = make(h as C);
        define(h, name, value);
        return value;
      },
      set(this: object, value: unknown) {
        define(this, name, value);
      },
    });
  return proto;
}

/** A context of `proto` over these inputs (and any other own values, e.g. a parse record). */
export function lazyContext(proto: object, inputs: unknown, own: Record<symbol, unknown> = {}): Context {
  const ctx = Object.create(proto) as Context;
  ctx[INPUTS] = inputs;
  for (const key of Object.getOwnPropertySymbols(own)) ctx[key] = own[key];
  return ctx;
}

/**
 * Whether a context defines `name`: its own values and its prototypes' (a lazy context's names, or the context
 * an extension was laid over), but not Object.prototype's (`toString` is no context name).
 */
export function definesName(ctx: object, name: string): boolean {
  if (!(name in ctx)) return false;
  if (!(name in Object.prototype)) return true;
  for (let o: object | null = ctx; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null)
    if (Object.hasOwn(o, name)) return true;
  return false;
}

/** `base` with `extra` laid over it (extra's names win), keeping what base builds on first use. */
export function extendContext(base: object, extra: Record<string | symbol, unknown>): Record<string, unknown> {
  const out = Object.create(base) as Record<string, unknown>;
  for (const key of Reflect.ownKeys(extra)) define(out, key, extra[key]);
  return out;
}
