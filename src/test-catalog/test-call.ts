/** Strings dbt evaluates as Jinja when given as test arguments: `to: ref('customers')`. */
const LOOKS_LIKE_FUNC = /^\s*(env_var|ref|var|source|doc)\s*\([\s\S]+\)\s*$/;
const WHOLE_EXPRESSION = /^\s*\{\{([\s\S]*)\}\}\s*$/;
export const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** Whether an argument value is Jinja to evaluate (so it cannot be used as plain data). */
export function isJinjaArgument(v: unknown): boolean {
  if (typeof v === 'string') return LOOKS_LIKE_FUNC.test(v) || v.includes('{{');
  if (Array.isArray(v)) return v.some(isJinjaArgument);
  if (v && typeof v === 'object') return Object.values(v).some(isJinjaArgument);
  return false;
}

/** "a {{ x }} b" as the Jinja expression ("a " ~ (x) ~ " b"): text with expressions inside, as dbt renders it. */
function interpolation(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    if (m.index > last) parts.push(JSON.stringify(text.slice(last, m.index)));
    parts.push(`(${m[1]!.trim()})`);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(JSON.stringify(text.slice(last)));
  return parts.join(' ~ ');
}

/** A YAML value written as a Jinja expression: literals as literals, `ref('x')` and `{{ expr }}` as expressions. */
export function jinjaLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'none';
  if (typeof v === 'string') {
    if (LOOKS_LIKE_FUNC.test(v)) return v.trim();
    const whole = WHOLE_EXPRESSION.exec(v);
    if (whole) return whole[1]!.trim();
    if (v.includes('{{')) return interpolation(v);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(jinjaLiteral).join(', ')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString().slice(0, 10));
  if (typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${jinjaLiteral(x)}`)
      .join(', ')}}`;
  return JSON.stringify(String(v));
}

/**
 * The Jinja that calls a test macro with the test's arguments, e.g.
 * `{{ test_not_null(model=get_where_subquery(ref('customers')), column_name="customer_id") }}`.
 * column_name is never evaluated (it may be an SQL expression).
 */
export function testCall(macro: string, model: string, kwargs: Readonly<Record<string, unknown>>): string {
  const args = [`model=${model}`];
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === 'model') continue;
    args.push(`${k}=${k === 'column_name' ? JSON.stringify(String(v)) : jinjaLiteral(v)}`);
  }
  return `{{ ${macro}(${args.join(', ')}) }}`;
}

/** The model argument as dbt stores it in test_metadata.kwargs, back to an expression. */
export function modelExpression(kwargModel: unknown): string {
  const s = String(kwargModel ?? '');
  const whole = WHOLE_EXPRESSION.exec(s);
  return whole ? whole[1]!.trim() : s;
}
