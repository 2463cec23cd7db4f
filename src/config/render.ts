import nunjucks from 'nunjucks';
import { TsmodelError } from '../errors/index.js';
import { pythonLiteral } from './python-literal.js';
import type { Env } from './types.js';
import { rememberEnvRead } from '../secrets/index.js';

export interface RenderResult {
  value: unknown;
  /** env_var() calls without a default whose variable is not set. */
  missing: string[];
  /** var() calls without a default whose variable is not given (when the renderer has vars). */
  missingVars: string[];
  /** A template syntax / runtime error, already free of the value's text. */
  error?: string;
}

export interface ProfileRenderer {
  /** Renders every string inside `value` (recursively); other values are returned as they are. */
  render(value: unknown): RenderResult;
}

/**
 * The tiny nunjucks environment profiles.yml values are rendered with:
 * `env_var(name, default?)` and the filters dbt users write (`int`, `as_number`,
 * `as_bool`, `as_text`, `as_native`). Values are rendered as text; the target
 * builder converts them to the type each key needs.
 */
export function createProfileRenderer(env: Env, vars?: Readonly<Record<string, unknown>>): ProfileRenderer {
  const nj = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  let missing: string[] = [];
  let missingVars: string[] = [];
  // var() reads the --vars given on the command line (dbt's project and profile rendering context).
  if (vars)
    nj.addGlobal('var', (...args: unknown[]): unknown => {
      const key = String(args[0]);
      if (Object.prototype.hasOwnProperty.call(vars, key)) return vars[key];
      if (args.length > 1) return args[1];
      missingVars.push(key);
      return '';
    });
  nj.addGlobal('env_var', (name: unknown, fallback?: unknown): unknown => {
    const key = String(name);
    const value = env[key];
    rememberEnvRead(key, value);
    if (value !== undefined) return value;
    if (fallback !== undefined && fallback !== null) return fallback;
    missing.push(key);
    return '';
  });
  nj.addFilter('as_number', (v: unknown) => {
    const n = Number(v);
    return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(n) ? n : v;
  });
  nj.addFilter('as_bool', (v: unknown) => {
    const s = String(v).trim().toLowerCase();
    return s === 'true' || s === '1' || s === 'yes'
      ? true
      : s === 'false' || s === '0' || s === 'no' || s === ''
        ? false
        : v;
  });
  nj.addFilter('as_text', (v: unknown) => (v === null || v === undefined ? '' : String(v)));
  nj.addFilter('as_native', (v: unknown) => v);

  const renderString = (text: string): { value: string; error?: string } => {
    if (!text.includes('{{') && !text.includes('{%') && !text.includes('{#')) return { value: text };
    try {
      return { value: nj.renderString(text, {}) };
    } catch (err) {
      return { value: text, error: cleanNunjucksMessage(err) };
    }
  };

  const walk = (value: unknown, errors: string[]): unknown => {
    if (typeof value === 'string') {
      const r = renderString(value);
      if (r.error) errors.push(r.error);
      return r.value;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, errors));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, errors);
      return out;
    }
    return value;
  };

  return {
    render(value: unknown): RenderResult {
      missing = [];
      missingVars = [];
      const errors: string[] = [];
      const rendered = walk(value, errors);
      const result: RenderResult = {
        value: rendered,
        missing: [...new Set(missing)],
        missingVars: [...new Set(missingVars)],
      };
      if (errors.length > 0) result.error = errors[0]!;
      return result;
    },
  };
}

/** "(unknown path) [Line 1, Column 17]\n  parseSignature: expected comma…" → "expected comma… (line 1, column 17 of the template)". */
function cleanNunjucksMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const pos = /\[Line (\d+), Column (\d+)\]/.exec(text);
  const body = text
    .replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/, '')
    .replace(/^\s*(Error|Template render error):\s*/i, '')
    .replace(/^\s*\w+: /, '')
    .trim();
  return pos ? `${body} (line ${pos[1]}, column ${pos[2]} of the template)` : body;
}

/** How a YAML value's template is rendered: to text, or with a function its prints can hand values to. */
export interface NativeRenderHooks {
  /** Renders a template to text, with Jinja's printing rules. */
  text(template: string): string;
  /** Renders a template in which the context function named CAPTURE_FUNCTION is `capture`; returns the text. */
  capture(template: string, capture: (index: number, value: unknown) => string): string;
}

/** The context function a rewritten print hands its value to. */
export const CAPTURE_FUNCTION = '__tsmodel_native_value';

/** A print tag: `{{`, an optional dash, the expression, an optional dash, `}}`. */
const PRINT = /\{\{(-?)([\s\S]*?)(-?)\}\}/g;
const MARKER = /\|\s*(as_text|as_native|as_bool|as_number)\s*$/;
const WORDS_THAT_ARE_NOT_NAMES = new Set([
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'else',
]);

/**
 * Whether Jinja folds the expression into a constant when it compiles it: no
 * variable and no method call, only literals, operators, filters and tests.
 * dbt's native rendering prints such a constant as text ("{{ 10 }}" is '10').
 */
export function isConstantExpression(expression: string): boolean {
  const code = expression.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, "''");
  for (const m of code.matchAll(/[A-Za-z_]\w*/g)) {
    const before = code.slice(0, m.index).trimEnd();
    if (/[\d.]$/.test(code.slice(0, m.index)) && /^[eE_]/.test(m[0])) continue;
    if (before.endsWith('.')) return false;
    if (before.endsWith('|')) continue;
    if (/\bis(\s+not)?$/.test(before) && !WORDS_THAT_ARE_NOT_NAMES.has(m[0])) continue;
    if (!WORDS_THAT_ARE_NOT_NAMES.has(m[0])) return false;
  }
  return true;
}

/**
 * Renders a YAML value the way dbt's native rendering does (dbt_common's
 * quoted_native_concat): when the template outputs exactly one print and no
 * text, the value keeps the printed expression's type ("{{ var('types') }}"
 * is a list, "{% if x %}{{ n }}{% endif %}" a number), except a constant
 * expression, which Jinja folds into text ("{{ 10 }}" is '10'); any other
 * output (text, several prints) is text. `| as_native`, `| as_bool` and
 * `| as_number` on that print read its text back as a Python literal (the last
 * two insist on the type); `| as_text` keeps the text. A string without
 * template tags is returned as it is.
 *
 * How: every print is rewritten to hand its value to a capture function (and
 * print nothing); one call and an empty text mean one output.
 */
export function renderNative(source: string, hooks: NativeRenderHooks): unknown {
  if (!/\{[{%#]/.test(source)) return source;
  const prints = [...source.matchAll(PRINT)];
  if (prints.length === 0 || /\{%-?\s*raw\b/.test(source) || prints.some((m) => m[2]!.includes('{{')))
    return hooks.text(source);
  const expressions = prints.map((m) => m[2]!.trim());
  const markers = expressions.map((e) => MARKER.exec(e));
  let i = 0;
  const rewritten = source.replace(PRINT, (_all, open: string, _expr: string, close: string) => {
    const n = i++;
    const marker = markers[n];
    const expr = marker ? expressions[n]!.slice(0, marker.index) : expressions[n]!;
    return `{{${open} ${CAPTURE_FUNCTION}(${n}, (${expr})) ${close}}}`;
  });
  const calls: [number, unknown][] = [];
  let text: string;
  try {
    text = hooks.capture(rewritten, (index, value) => {
      calls.push([index, value]);
      return '';
    });
  } catch {
    return hooks.text(source); // reports the failure in the template as written
  }
  if (calls.length !== 1 || text !== '') return hooks.text(source);
  const [index, value] = calls[0]!;
  const marker = markers[index];
  if (!marker) {
    if (isConstantExpression(expressions[index]!)) return hooks.text(source);
    if (value === undefined) return '';
    // Plain data keeps its type; any other object (a relation, an undefined name…) is used as its text.
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value))
      return hooks.text(source);
    return value;
  }
  let k = 0;
  const printed = hooks.text(
    source.replace(PRINT, (all, open: string, _expr: string, close: string) =>
      k++ === index ? `{{${open} ${expressions[index]!.slice(0, marker.index)} ${close}}}` : all,
    ),
  );
  if (marker[1] === 'as_text') return printed;
  const literal = pythonLiteral(printed);
  const result = literal === undefined ? printed : literal;
  if (marker[1] === 'as_bool' && typeof result !== 'boolean')
    throw new TsmodelError('template', `Could not convert value '${printed}' into type 'bool'`, {
      hint: "as_bool reads a Python literal: True or False (Jinja prints a boolean so; 'true' is not one).",
    });
  if (marker[1] === 'as_number' && typeof result !== 'number')
    throw new TsmodelError('template', `Could not convert value '${printed}' into type 'number'`, {
      hint: 'as_number reads a Python literal: digits, with a sign, a point or an exponent.',
    });
  return result;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What renderHooks needs of a template renderer (the project's Renderer). */
export interface TextRenderer {
  render(file: string, source: string, context: Record<string, unknown>): string;
}

/** Hooks that render with `renderer` in `context`; `label` names the template in errors and in the renderer's cache. */
export function rendererHooks(
  renderer: TextRenderer,
  label: string,
  context: Record<string, unknown>,
): NativeRenderHooks {
  return {
    text: (template) => renderer.render(label, template, context),
    // laid over the context, not spread: a template context builds its names on first read (template/context-lazy.ts)
    capture: (template, capture) =>
      renderer.render(
        label,
        template,
        Object.create(context, { [CAPTURE_FUNCTION]: { value: capture } }) as Record<string, unknown>,
      ),
  };
}
