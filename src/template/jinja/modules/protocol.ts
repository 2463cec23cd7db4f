/**
 * The few Python special methods our module objects (datetime, timedelta, re's match) implement, so that the
 * runtime's operators, comparisons and repr() treat them as Python does. Templates cannot call these names
 * (attribute access hides names that start with `_`).
 */
export abstract class PyObject {
  /** `self + other`, or undefined when unsupported (Python's NotImplemented). */
  __add__(_other: unknown): unknown {
    return undefined;
  }
  /** `other + self` when other did not know how. */
  __radd__(other: unknown): unknown {
    return this.__add__(other);
  }
  __sub__(_other: unknown): unknown {
    return undefined;
  }
  /** Ordering against another value: negative, zero, positive; undefined when the types do not compare. */
  __cmp__(_other: unknown): number | undefined {
    return undefined;
  }
  abstract __repr__(): string;
  abstract toString(): string;
}

/** Applies `a op b` through the objects' special methods; undefined when neither side is a PyObject that can. */
export function pyBinary(op: '+' | '-', a: unknown, b: unknown): unknown {
  if (a instanceof PyObject) {
    const r = op === '+' ? a.__add__(b) : a.__sub__(b);
    if (r !== undefined) return r;
  }
  if (op === '+' && b instanceof PyObject) return b.__radd__(a);
  return undefined;
}
