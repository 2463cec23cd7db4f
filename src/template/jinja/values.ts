/**
 * The Python value model the Jinja runtime works with. JavaScript has one number type and no tuples, so two
 * small markers carry what Python prints differently: a float whose value is integral (`2.0`, the result of
 * `4 / 2`) is boxed in a PyFloat, and a tuple is an array branded as such. Undefined is Jinja's Undefined: it
 * prints as nothing, is false, iterates as empty, and fails loudly (with its name) as soon as it is used for more.
 */

/** An integral float (`2.0`); non-integral floats stay plain numbers since they print the same in both languages. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return floatRepr(this.value);
  }
}

const TUPLE = Symbol('tuple');
const PYTHON_NATIVE = Symbol('python-native');
/** Marks a class whose instances Python code tests as mappings (`is mapping`): dbt's Relation is one. */
export const PY_MAPPING = Symbol('py-mapping');
/** Where a compiled macro keeps its metadata (name, file, parameters). */
export const MACRO = Symbol('jinja-macro');

/**
 * Marks a function written for the Python value model (it handles PyFloat, tuples, Undefined): it receives
 * values as they are. Other JavaScript functions of the context receive integral floats as plain numbers.
 */
export function pythonNative<T extends object>(fn: T): T {
  Object.defineProperty(fn, PYTHON_NATIVE, { value: true });
  return fn;
}

export function isPythonNative(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[PYTHON_NATIVE] === true;
}

const KEYS = Symbol('keys');

/**
 * A dict is a JavaScript object, whose keys are text: a literal's non-string key ({1: 'x'}) is stored as its
 * text and remembered here, so printing and iterating give the number back.
 */
export function rememberKey(d: object, text: string, key: unknown): void {
  let keys = (d as Record<symbol, Map<string, unknown> | undefined>)[KEYS];
  if (!keys) {
    keys = new Map();
    Object.defineProperty(d, KEYS, { value: keys });
  }
  keys.set(text, key);
}

/** The key a dict's text key stands for (the number of {1: 'x'}), or the text itself. */
export function dictKey(d: object, text: string): unknown {
  const keys = (d as Record<symbol, Map<string, unknown> | undefined>)[KEYS];
  return keys && keys.has(text) ? keys.get(text) : text;
}

const VIEW = Symbol('view');

/**
 * Marks an array as one of Python's sequence views that print differently from a list: `range(0, 3)`,
 * `dict_keys(['a'])`. Anything made from it (`| list`, slices, sums) is a plain list again.
 */
export function pyView<T>(items: T[], repr: (itemsRepr: string) => string): T[] {
  Object.defineProperty(items, VIEW, { value: repr });
  return items;
}

export function viewRepr(v: unknown[]): ((itemsRepr: string) => string) | undefined {
  return (v as unknown as Record<symbol, ((s: string) => string) | undefined>)[VIEW];
}

/** Marks an array as a Python tuple (prints with parentheses, `('a',)`). */
export function tuple<T>(items: T[]): T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

export function isTuple(v: unknown): boolean {
  return Array.isArray(v) && (v as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

/** Raised when an undefined value is used for more than printing, testing or iterating. */
export class UndefinedError extends Error {
  override name = 'UndefinedError';
}

/** Jinja's default Undefined: what a missing name, attribute or item evaluates to. */
export class Undefined {
  constructor(readonly hint: string) {}
  toString(): string {
    return '';
  }
  fail(): never {
    throw new UndefinedError(this.hint);
  }
}

export function undefinedName(name: string): Undefined {
  return new Undefined(`'${name}' is undefined`);
}

export function isUndefined(v: unknown): v is Undefined | undefined {
  return v === undefined || v instanceof Undefined;
}

/** Python's numeric view of a value: numbers, PyFloats and booleans (True is 1). */
export function isNumber(v: unknown): v is number | PyFloat | boolean {
  return typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean';
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

export function isInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v);
}

/** A number as Python would hold it: floats stay floats (boxed when integral). */
export function makeNumber(n: number, float: boolean): number | PyFloat {
  return float && Number.isInteger(n) ? new PyFloat(n) : n;
}

export function num(v: unknown): number {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v as number;
}

/** A dict, as Jinja sees it: a plain object (not an array, a class instance or a function). */
export function isMapping(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isString(v: unknown): v is string {
  return typeof v === 'string' || v instanceof String;
}

/** Python's truthiness: None, Undefined, False, 0, 0.0, '', [], () and {} are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v instanceof Undefined) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length > 0;
    case 'function':
      return true;
  }
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof String) return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (isMapping(v)) return Object.keys(v).length > 0;
  return true;
}

/** The name Python gives a value's type, as Jinja's error messages use it. */
export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (v instanceof Undefined || v === undefined) return 'Undefined';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (isString(v)) return 'str';
  if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
  if (typeof v === 'function') return 'function';
  if (isMapping(v)) return 'dict';
  return (v as object).constructor?.name ?? 'object';
}

/** How Jinja names a value in "has no attribute" messages: 'dict object', 'None'. */
export function objectTypeRepr(v: unknown): string {
  if (v === null) return 'None';
  return `${typeName(v)} object`;
}

/** Python's repr() of a float: shortest round-trip digits, `.0` on integral values, exponent outside 1e-4..1e16. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[-+]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  if (Number.isInteger(n)) return `${Object.is(n, -0) ? '-0' : String(n)}.0`;
  return String(n);
}

/** Python's round(x, p): the exact binary value rounded to p decimals, ties to even. */
export function pyRound(n: number, p: number): number {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return n;
  if (p < 0) return pyRound(n / 10 ** -p, 0) * 10 ** -p;
  const [ip, fp = ''] = Math.abs(n).toFixed(100).split('.') as [string, string];
  const tie = fp[p] === '5' && /^0*$/.test(fp.slice(p + 1));
  if (!tie) return Number(n.toFixed(p));
  let digits = BigInt(ip + fp.slice(0, p));
  if (digits % 2n === 1n) digits += 1n;
  const text = digits.toString().padStart(p + 1, '0');
  const value = Number(p === 0 ? text : `${text.slice(0, -p)}.${text.slice(-p)}`);
  return n < 0 ? -value : value;
}
