/**
 * A generic test's call with its literal arguments lifted out into variables:
 * `{{ test_not_null(model=get_where_subquery(ref(__tsmodel_a0)), column_name=__tsmodel_a1) }}`
 * plus `{__tsmodel_a0: 'orders', __tsmodel_a1: 'id'}`. Every `not_null` of a
 * YAML file then renders through one compiled template instead of one each
 * (compiling a template costs far more than running it).
 *
 * Only values whose Jinja literal evaluates to the very same JavaScript value
 * are lifted: strings that need no escape, finite numbers written without an
 * exponent, booleans, none, and lists of those (a list literal is a fresh
 * array; `shapeValues` copies lists for each render). Anything else (a dict, a
 * date, Jinja to evaluate such as `ref('x')`, an escaped string) gives no shape,
 * and the test renders its own text as before.
 */
import { isJinjaArgument } from './test-call.js';

export interface TestShape {
  /** The call with variables where the literals were. */
  text: string;
  /** The values of those variables. */
  values: Record<string, unknown>;
}

const PREFIX = '__tsmodel_a';

function plainString(s: string): boolean {
  return JSON.stringify(s) === `"${s}"`;
}

/** Whether `jinjaLiteral(v)` evaluates to a value equal to `v` itself. */
function liftable(v: unknown): boolean {
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !/[eE]/.test(String(v));
  if (typeof v === 'string') return plainString(v) && !isJinjaArgument(v);
  if (Array.isArray(v)) return v.every((x) => !Array.isArray(x) && liftable(x));
  return false;
}

/** The model expression's relation call, or undefined when it cannot be lifted. */
export interface ShapeTarget {
  kind: 'ref' | 'source';
  /** ref: [name]; source: [source name, table name]. */
  args: readonly string[];
}

/**
 * The shape of `testCall(macro, get_where_subquery(<target>), kwargs)`, or
 * undefined when some argument is not a plain literal.
 */
export function testCallShape(
  macro: string,
  target: ShapeTarget,
  kwargs: Readonly<Record<string, unknown>>,
): TestShape | undefined {
  const values: Record<string, unknown> = {};
  let i = 0;
  const lift = (v: unknown): string => {
    const name = `${PREFIX}${i++}`;
    values[name] = v;
    return name;
  };
  if (!target.args.every(plainString)) return undefined;
  const model = `get_where_subquery(${target.kind}(${target.args.map(lift).join(', ')}))`;
  const args = [`model=${model}`];
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === 'model') continue;
    if (k === 'column_name') {
      const s = String(v);
      if (!plainString(s)) return undefined;
      args.push(`${k}=${lift(s)}`);
      continue;
    }
    if (!liftable(v)) return undefined;
    args.push(`${k}=${lift(v)}`);
  }
  return { text: `{{ ${macro}(${args.join(', ')}) }}`, values };
}

/** The variables of one render (lists copied: a literal would give a fresh list each time). */
export function shapeValues(shape: TestShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(shape.values)) out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  return out;
}
