import { compare } from './operators.js';
import { PY_MAPPING, PyFloat, Undefined, isFloat, isInt, isMapping, isNumber, isString, num } from './values.js';

/** Jinja's tests (`x is defined`, `n is divisibleby 3`, `v is mapping`), with Python's type rules. */

type Test = (value: unknown, ...args: unknown[]) => boolean;

const isDefined = (v: unknown) => !(v instanceof Undefined) && v !== undefined;
const cmp =
  (op: string): Test =>
  (a, b) =>
    compare(op, a, b);

function iterable(v: unknown): boolean {
  if (!isDefined(v)) return true;
  return Array.isArray(v) || isString(v) || isMapping(v) || v instanceof Map || v instanceof Set;
}

export const JINJA_TESTS: Record<string, Test> = {
  defined: isDefined,
  undefined: (v) => !isDefined(v),
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  false: (v) => v === false,
  true: (v) => v === true,
  integer: (v) => isInt(v),
  float: (v) => isFloat(v) || v instanceof PyFloat,
  number: (v) => isNumber(v),
  string: (v) => isString(v),
  mapping: (v) => isMapping(v) || v instanceof Map || (typeof v === 'object' && v !== null && PY_MAPPING in v),
  iterable,
  sequence: (v) => iterable(v) && !(v instanceof Set),
  callable: (v) => typeof v === 'function',
  odd: (v) => num(v) % 2 !== 0,
  even: (v) => num(v) % 2 === 0,
  divisibleby: (v, n) => num(v) % num(n) === 0,
  lower: (v) => isString(v) && String(v) === String(v).toLowerCase(),
  upper: (v) => isString(v) && String(v) === String(v).toUpperCase(),
  sameas: (a, b) => a === b,
  escaped: () => false,
  in: (v, container) => compare('in', v, container),
  eq: cmp('=='),
  '==': cmp('=='),
  equalto: cmp('=='),
  ne: cmp('!='),
  '!=': cmp('!='),
  lt: cmp('<'),
  '<': cmp('<'),
  lessthan: cmp('<'),
  le: cmp('<='),
  '<=': cmp('<='),
  gt: cmp('>'),
  '>': cmp('>'),
  greaterthan: cmp('>'),
  ge: cmp('>='),
  '>=': cmp('>='),
};
