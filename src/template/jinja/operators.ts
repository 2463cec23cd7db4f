import { PyObject, pyBinary } from './modules/protocol.js';
import { percentFormat } from './format.js';
import { pyStr } from './python-str.js';
import {
  PyFloat,
  Undefined,
  isFloat,
  isMapping,
  isNumber,
  isString,
  isTuple,
  makeNumber,
  num,
  tuple,
  typeName,
} from './values.js';

/** Python's arithmetic and comparison operators, as Jinja applies them. */

export class OperandError extends Error {
  override name = 'TypeError';
}

function defined(v: unknown): void {
  if (v instanceof Undefined) v.fail();
}

function unsupported(op: string, a: unknown, b: unknown): never {
  throw new OperandError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function numeric(op: string, a: unknown, b: unknown, f: (x: number, y: number) => number, float = false): unknown {
  defined(a);
  defined(b);
  if (!isNumber(a) || !isNumber(b)) unsupported(op, a, b);
  return makeNumber(f(num(a), num(b)), float || isFloat(a) || isFloat(b));
}

export function add(a: unknown, b: unknown): unknown {
  defined(a);
  defined(b);
  const special = pyBinary('+', a, b);
  if (special !== undefined) return special;
  if (isString(a) && isString(b)) return String(a) + String(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b)) {
      throw new OperandError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
    }
    const out = [...a, ...b];
    return isTuple(a) ? tuple(out) : out;
  }
  if (isString(a) || isString(b)) {
    throw new OperandError(
      isString(a)
        ? `can only concatenate str (not "${typeName(b)}") to str`
        : `unsupported operand type(s) for +: '${typeName(a)}' and 'str'`,
    );
  }
  return numeric('+', a, b, (x, y) => x + y);
}

export function sub(a: unknown, b: unknown): unknown {
  const special = pyBinary('-', a, b);
  if (special !== undefined) return special;
  return numeric('-', a, b, (x, y) => x - y);
}

export function mul(a: unknown, b: unknown): unknown {
  defined(a);
  defined(b);
  const repeat = (seq: unknown, n: unknown): unknown => {
    const times = Math.max(0, num(n));
    if (isString(seq)) return String(seq).repeat(times);
    const out = Array.from({ length: times }, () => seq as unknown[]).flat();
    return isTuple(seq) ? tuple(out) : out;
  };
  if ((isString(a) || Array.isArray(a)) && isNumber(b) && !isFloat(b)) return repeat(a, b);
  if ((isString(b) || Array.isArray(b)) && isNumber(a) && !isFloat(a)) return repeat(b, a);
  return numeric('*', a, b, (x, y) => x * y);
}

function nonZero(b: unknown, what: string): void {
  if (isNumber(b) && num(b) === 0) throw new OperandError(what);
}

export function div(a: unknown, b: unknown): unknown {
  if (isNumber(a)) nonZero(b, 'division by zero');
  return numeric('/', a, b, (x, y) => x / y, true);
}

export function floorDiv(a: unknown, b: unknown): unknown {
  if (isNumber(a)) nonZero(b, 'integer division or modulo by zero');
  return numeric('//', a, b, (x, y) => Math.floor(x / y));
}

export function mod(a: unknown, b: unknown): unknown {
  defined(a);
  if (isString(a)) return percentFormat(String(a), b instanceof Undefined ? pyStr(b) : b);
  if (isNumber(a)) nonZero(b, 'integer division or modulo by zero');
  return numeric('%', a, b, (x, y) => x - y * Math.floor(x / y));
}

export function pow(a: unknown, b: unknown): unknown {
  defined(a);
  defined(b);
  const negExp = isNumber(b) && num(b) < 0;
  return numeric('**', a, b, (x, y) => x ** y, negExp);
}

export function neg(a: unknown): unknown {
  defined(a);
  if (!isNumber(a)) throw new OperandError(`bad operand type for unary -: '${typeName(a)}'`);
  return makeNumber(-num(a), isFloat(a));
}

export function pos(a: unknown): unknown {
  defined(a);
  if (!isNumber(a)) throw new OperandError(`bad operand type for unary +: '${typeName(a)}'`);
  return typeof a === 'boolean' ? num(a) : a;
}

/** `a ~ b`: both sides as strings. */
export function concat(a: unknown, b: unknown): string {
  return pyStr(a) + pyStr(b);
}

/** Python ==: numbers by value (1 == 1.0 == True), sequences and dicts by content. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Undefined || b instanceof Undefined) {
    return (a instanceof Undefined || a === undefined) && (b instanceof Undefined || b === undefined);
  }
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  if (isString(a) && isString(b)) return String(a) === String(b);
  if (a instanceof PyObject) return a.__cmp__(b) === 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    return isTuple(a) === isTuple(b) && a.length === b.length && a.every((x, i) => eq(x, b[i]));
  }
  if (a instanceof Set && b instanceof Set) {
    return a.size === b.size && [...a].every((x) => b.has(x) || [...b].some((y) => eq(x, y)));
  }
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && eq(a[k], b[k]));
  }
  if (a instanceof PyFloat || b instanceof PyFloat) return false;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const sa = (a as { toString?: unknown }).toString;
    if (sa !== Object.prototype.toString && sa === (b as { toString?: unknown }).toString)
      return String(a) === String(b);
  }
  return false;
}

function compareValues(op: string, a: unknown, b: unknown): number {
  defined(a);
  defined(b);
  if (isNumber(a) && isNumber(b)) return num(a) - num(b);
  const order = a instanceof PyObject ? a.__cmp__(b) : undefined;
  if (order !== undefined) return order;
  if (isString(a) && isString(b)) {
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!eq(a[i], b[i])) return compareValues(op, a[i], b[i]);
    }
    return a.length - b.length;
  }
  throw new OperandError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** One comparison of a (possibly chained) comparison expression. */
export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return eq(a, b);
    case '!=':
      return !eq(a, b);
    case 'in':
      return contains(b, a);
    case 'notin':
      return !contains(b, a);
    case '<':
      return compareValues(op, a, b) < 0;
    case '>':
      return compareValues(op, a, b) > 0;
    case '<=':
      return compareValues(op, a, b) <= 0;
    case '>=':
      return compareValues(op, a, b) >= 0;
  }
  throw new OperandError(`unknown comparison ${op}`);
}

/** Python's `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  if (container instanceof Undefined || container === undefined) return false;
  if (isString(container)) {
    if (!isString(item)) throw new OperandError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return String(container).includes(String(item));
  }
  if (Array.isArray(container)) return container.some((x) => eq(x, item));
  if (container instanceof Set) return [...container].some((x) => eq(x, item));
  if (container instanceof Map) return container.has(item);
  if (isMapping(container)) {
    // JavaScript object keys are strings: a number key ({1: 'x'}) is stored as its text.
    return (isString(item) || typeof item === 'number') && Object.hasOwn(container, String(item));
  }
  throw new OperandError(`argument of type '${typeName(container)}' is not iterable`);
}
