import nunjucks from 'nunjucks';
import type { Env } from './types.js';
import { rememberEnvRead } from '../secrets/index.js';

export interface RenderResult {
  value: unknown;
  /** env_var() calls without a default whose variable is not set. */
  missing: string[];
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
export function createProfileRenderer(env: Env): ProfileRenderer {
  const nj = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  let missing: string[] = [];
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
      const errors: string[] = [];
      const rendered = walk(value, errors);
      const result: RenderResult = { value: rendered, missing: [...new Set(missing)] };
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
