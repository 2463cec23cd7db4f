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

/** How a YAML value's template is evaluated: as text, or one expression as a value. */
export interface NativeRenderHooks {
  /** Renders a template to text, with Jinja's printing rules. */
  text(template: string): string;
  /** Evaluates one Jinja expression and returns its value (a list stays a list). */
  value(expression: string): unknown;
}

/** One `{{ expression }}` and nothing else (comments aside), as dbt's native rendering sees a single output. */
const SINGLE_EXPRESSION = /^(?:\{#[\s\S]*?#\})*\{\{(-?)([\s\S]*?)(-?)\}\}(?:\{#[\s\S]*?#\})*$/;
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
 * quoted_native_concat): a value that is a single `{{ expression }}` keeps
 * the expression's type ("{{ var('types') }}" is a list, "{{ x > 1 }}" a
 * boolean), except a constant expression, which prints as text; anything else
 * (text around the expression, several expressions, statements) is text.
 * `| as_native`, `| as_bool` and `| as_number` read the printed text back as a
 * Python literal (and the last two insist on its type); `| as_text` keeps text.
 * A string without template tags is returned as it is.
 */
export function renderNative(source: string, hooks: NativeRenderHooks): unknown {
  if (!/\{[{%#]/.test(source)) return source;
  const single = SINGLE_EXPRESSION.exec(source);
  if (!single || single[2]!.includes('}}')) return hooks.text(source);
  const expression = single[2]!.trim();
  const marker = MARKER.exec(expression);
  if (!marker) {
    if (isConstantExpression(expression)) return hooks.text(source);
    const value = hooks.value(expression);
    if (value === undefined) return '';
    // Plain data keeps its type; any other object (a relation, an undefined name…) is used as its text.
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value))
      return hooks.text(source);
    return value;
  }
  const inner = expression.slice(0, marker.index).trim();
  const text = hooks.text(`{{ ${inner} }}`);
  if (marker[1] === 'as_text') return text;
  const literal = pythonLiteral(text);
  const value = literal === undefined ? text : literal;
  if (marker[1] === 'as_bool' && typeof value !== 'boolean')
    throw new TsmodelError('template', `Could not convert value '${text}' into type 'bool'`, {
      hint: "as_bool reads a Python literal: True or False (Jinja prints a boolean so; 'true' is not one).",
    });
  if (marker[1] === 'as_number' && typeof value !== 'number')
    throw new TsmodelError('template', `Could not convert value '${text}' into type 'number'`, {
      hint: 'as_number reads a Python literal: digits, with a sign, a point or an exponent.',
    });
  return value;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What renderHooks needs of a template renderer (the project's Renderer). */
export interface TextRenderer {
  render(file: string, source: string, context: Record<string, unknown>): string;
}

/** The context function an expression's value is handed to. */
const CAPTURE = '__tsmodel_native_value';

/**
 * Hooks that render with `renderer` in `context`: text as usual; an
 * expression's value through a context function the expression is passed to.
 * `label` names the template in errors and in the renderer's cache.
 */
export function rendererHooks(
  renderer: TextRenderer,
  label: string,
  context: Record<string, unknown>,
): NativeRenderHooks {
  return {
    text: (template) => renderer.render(label, template, context),
    value: (expression) => {
      let captured: unknown;
      const capture = (v: unknown) => {
        captured = v;
        return '';
      };
      renderer.render(label, `{{ ${CAPTURE}(${expression}) }}`, { ...context, [CAPTURE]: capture });
      return captured;
    },
  };
}
