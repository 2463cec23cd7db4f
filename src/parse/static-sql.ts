/**
 * The static parser (as dbt's): a SQL file whose only Jinja is `{{ ref('x') }}`,
 * `{{ ref('pkg', 'x') }}`, `{{ source('a', 'b') }}` and `{{ config(k=literal, …) }}`
 * (plus `{# comments #}`) records, in parse mode, exactly these calls with these
 * values — found here without compiling the template. Anything else (a
 * `{% %}` tag, another call, a variable, an escaped string, a float, a dict)
 * returns undefined and the file is rendered. static-sql.test.ts renders
 * every model of the example project and the parity corpus both ways.
 */
import type { ParseRecord } from '../template/index.js';

type Literal = string | number | boolean | Literal[];

const EXPR = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const STRING = /^(['"])([^'"\\{}%#]*)\1/;
const NUMBER = /^-?\d+(?![.\deE])/;
const BOOLEAN = /^(true|false|True|False)\b/;
const NAME = /^[A-Za-z_]\w*/;

/** A tiny reader of the literal argument lists allowed here. */
class Reader {
  constructor(private rest: string) {}
  private skip(): void {
    this.rest = this.rest.trimStart();
  }
  done(): boolean {
    this.skip();
    return this.rest.length === 0;
  }
  take(token: string): boolean {
    this.skip();
    if (!this.rest.startsWith(token)) return false;
    this.rest = this.rest.slice(token.length);
    return true;
  }
  name(): string | undefined {
    this.skip();
    const m = NAME.exec(this.rest);
    if (!m) return undefined;
    this.rest = this.rest.slice(m[0].length);
    return m[0];
  }
  string(): string | undefined {
    this.skip();
    const m = STRING.exec(this.rest);
    if (!m) return undefined;
    this.rest = this.rest.slice(m[0].length);
    return m[2]!;
  }
  literal(): Literal | undefined {
    const s = this.string();
    if (s !== undefined) return s;
    this.skip();
    const n = NUMBER.exec(this.rest);
    if (n) {
      this.rest = this.rest.slice(n[0].length);
      return Number(n[0]);
    }
    const b = BOOLEAN.exec(this.rest);
    if (b) {
      this.rest = this.rest.slice(b[0].length);
      return b[1]!.toLowerCase() === 'true';
    }
    if (!this.take('[')) return undefined;
    const items: Literal[] = [];
    if (this.take(']')) return items;
    do {
      const item = this.string(); // lists of strings only (tags=['a', 'b'])
      if (item === undefined) return undefined;
      items.push(item);
    } while (this.take(','));
    return this.take(']') ? items : undefined;
  }
}

/** One `{{ … }}` expression's call, recorded into `record`; false when it is not one this parser knows. */
function recordCall(expr: string, record: ParseRecord): boolean {
  const r = new Reader(expr);
  const fn = r.name();
  if (!fn || !r.take('(')) return false;
  if (fn === 'ref' || fn === 'source') {
    const args: string[] = [];
    do {
      const s = r.string();
      if (s === undefined) return false;
      args.push(s);
    } while (r.take(','));
    if (!r.take(')') || !r.done()) return false;
    if (fn === 'source' && args.length === 2) record.sources.push({ source: args[0]!, table: args[1]! });
    else if (fn === 'ref' && args.length === 1) record.refs.push({ name: args[0]! });
    else if (fn === 'ref' && args.length === 2) record.refs.push({ name: args[1]!, package: args[0]! });
    else return false;
    return true;
  }
  if (fn !== 'config') return false;
  const kwargs: Record<string, Literal> = {};
  if (!r.take(')')) {
    do {
      const key = r.name();
      if (!key || !r.take('=') || key in kwargs) return false;
      const value = r.literal();
      if (value === undefined) return false;
      kwargs[key] = value;
    } while (r.take(','));
    if (!r.take(')')) return false;
  }
  if (!r.done()) return false;
  record.config.push(kwargs);
  return true;
}

/**
 * What rendering `text` in parse mode would record, or undefined when that
 * cannot be known without rendering. `overridden` names a project macro that
 * shadows ref, source or config: then nothing is assumed.
 */
export function staticParse(text: string, overridden: (name: string) => boolean): ParseRecord | undefined {
  if (overridden('ref') || overridden('source') || overridden('config')) return undefined;
  // Comments hold nothing that runs; a comment left open is an error the renderer reports.
  const body = text.includes('{#') ? text.replace(/\{#[\s\S]*?#\}/g, '') : text;
  if (body.includes('{#') || body.includes('{%')) return undefined;
  const record: ParseRecord = { refs: [], sources: [], config: [], vars: [], envVars: [] };
  let last = 0;
  for (const m of body.matchAll(EXPR)) {
    if (body.slice(last, m.index).includes('}}')) return undefined;
    if (!recordCall(m[1]!, record)) return undefined;
    last = m.index + m[0].length;
  }
  const tail = body.slice(last);
  if (tail.includes('{{') || tail.includes('}}')) return undefined;
  return record;
}
