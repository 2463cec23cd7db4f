/** The calling convention shared with nunjucks: keyword arguments travel as a last object marked `__keywords`. */

export function isKeywords(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, '__keywords');
}

/** Splits call arguments into positional args and keyword args. */
export function splitArgs(args: readonly unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (isKeywords(last)) {
    const { __keywords: _ignored, ...kwargs } = last;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: [...args], kwargs: {} };
}

export function makeKeywords(kwargs: Record<string, unknown>): Record<string, unknown> {
  return Object.defineProperty({ ...kwargs }, '__keywords', { value: true, enumerable: false });
}

/**
 * Reads a Python-style signature: positional args then keywords, in order. `names` lists the parameters;
 * missing ones are undefined. Unknown keywords fail.
 */
export function bindArgs(fn: string, names: readonly string[], args: readonly unknown[]): unknown[] {
  const { positional, kwargs } = splitArgs(args);
  if (positional.length > names.length) {
    throw new TypeError(`${fn}() takes at most ${names.length} argument(s) (${positional.length} given)`);
  }
  const out: unknown[] = [...positional];
  for (let i = positional.length; i < names.length; i++) out.push(kwargs[names[i]!]);
  for (const k of Object.keys(kwargs)) {
    if (!names.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (names.indexOf(k) < positional.length) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
  }
  return out;
}
