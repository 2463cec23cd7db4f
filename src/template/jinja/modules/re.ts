import { bindArgs } from '../args.js';
import { num, pythonNative, tuple } from '../values.js';
import { PyObject } from './protocol.js';

/**
 * dbt's `modules.re`: Python's re functions (match, search, fullmatch, sub, subn, findall, split, compile,
 * escape) on JavaScript's RegExp. Python's syntax is translated where the two differ: named groups `(?P<n>…)`
 * and `(?P=n)`, `\A` / `\Z`, leading inline flags `(?i)`, and `\1` / `\g<n>` in replacements.
 */

const FLAGS = { I: 2, IGNORECASE: 2, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, A: 256, ASCII: 256, U: 32, UNICODE: 32 };

function translate(pattern: string, flags: number): { source: string; flags: string } {
  let f = flags;
  let src = pattern.replace(/^\(\?([aiLmsux]+)\)/, (_, letters: string) => {
    if (letters.includes('i')) f |= FLAGS.I;
    if (letters.includes('m')) f |= FLAGS.M;
    if (letters.includes('s')) f |= FLAGS.S;
    return '';
  });
  src = src
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '(?<![\\s\\S])')
    .replace(/\\Z/g, '(?![\\s\\S])');
  const js = 'u' + (f & FLAGS.I ? 'i' : '') + (f & FLAGS.M ? 'm' : '') + (f & FLAGS.S ? 's' : '');
  return { source: src, flags: js };
}

export class PyMatch extends PyObject {
  constructor(
    private readonly m: RegExpExecArray,
    readonly string: string,
  ) {
    super();
  }
  group(...which: unknown[]): unknown {
    const one = (g: unknown) => {
      const v = typeof g === 'string' ? this.m.groups?.[g] : this.m[g === undefined ? 0 : num(g)];
      if (v === undefined && (typeof g === 'string' ? !(g in (this.m.groups ?? {})) : num(g ?? 0) >= this.m.length))
        throw new Error('IndexError: no such group');
      return v ?? null;
    };
    return which.length <= 1 ? one(which[0]) : tuple(which.map(one));
  }
  groups(dflt: unknown = null): unknown[] {
    return tuple(this.m.slice(1).map((v) => v ?? dflt));
  }
  groupdict(dflt: unknown = null): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.m.groups ?? {}).map(([k, v]) => [k, v ?? dflt]));
  }
  start(): number {
    return this.m.index;
  }
  end(): number {
    return this.m.index + this.m[0].length;
  }
  span(): unknown[] {
    return tuple([this.start(), this.end()]);
  }
  __repr__(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match='${this.m[0]}'>`;
  }
  toString(): string {
    return this.__repr__();
  }
}

/** Python's replacement template: `\1`, `\g<1>`, `\g<name>`, escapes; anything else literal. */
function expand(repl: string, m: RegExpExecArray): string {
  return repl.replace(/\\(?:g<(\w+)>|(\d{1,2})|([nrt\\]))/g, (_, name?: string, digit?: string, esc?: string) => {
    if (esc) return { n: '\n', r: '\r', t: '\t', '\\': '\\' }[esc]!;
    const key = name ?? digit!;
    return (/^\d+$/.test(key) ? m[Number(key)] : m.groups?.[key]) ?? '';
  });
}

export class PyPattern extends PyObject {
  private readonly re: RegExp;
  constructor(
    readonly pattern: string,
    readonly flags = 0,
  ) {
    super();
    const t = translate(pattern, flags);
    try {
      this.re = new RegExp(t.source, t.flags);
    } catch (err) {
      throw new Error(`re.error: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`, {
        cause: err,
      });
    }
  }
  private exec(s: string, from: number, sticky: boolean): RegExpExecArray | null {
    const re = new RegExp(this.re.source, this.re.flags + (sticky ? 'y' : 'g'));
    re.lastIndex = from;
    return re.exec(s);
  }
  private all(s: string): RegExpExecArray[] {
    const out: RegExpExecArray[] = [];
    const re = new RegExp(this.re.source, this.re.flags + 'g');
    for (let m = re.exec(s); m; m = re.exec(s)) {
      out.push(m);
      if (m[0] === '') re.lastIndex++;
    }
    return out;
  }
  match(s: unknown): PyMatch | null {
    const m = this.exec(String(s), 0, true);
    return m ? new PyMatch(m, String(s)) : null;
  }
  search(s: unknown): PyMatch | null {
    const m = this.exec(String(s), 0, false);
    return m ? new PyMatch(m, String(s)) : null;
  }
  fullmatch(s: unknown): PyMatch | null {
    const m = this.match(s);
    return m && m.end() === String(s).length ? m : null;
  }
  findall(s: unknown): unknown[] {
    return this.all(String(s)).map((m) =>
      m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : tuple(m.slice(1).map((v) => v ?? '')),
    );
  }
  subn(repl: unknown, s: unknown, count: unknown = 0): unknown[] {
    const text = String(s);
    const limit = num(count);
    let out = '';
    let last = 0;
    let n = 0;
    for (const m of this.all(text)) {
      if (limit > 0 && n >= limit) break;
      const r = typeof repl === 'function' ? String(repl(new PyMatch(m, text))) : expand(String(repl), m);
      out += text.slice(last, m.index) + r;
      last = m.index + m[0].length;
      n++;
    }
    return tuple([out + text.slice(last), n]);
  }
  sub(repl: unknown, s: unknown, count: unknown = 0): string {
    return this.subn(repl, s, count)[0] as string;
  }
  split(s: unknown, maxsplit: unknown = 0): unknown[] {
    const text = String(s);
    const limit = num(maxsplit);
    const out: unknown[] = [];
    let last = 0;
    for (const m of this.all(text)) {
      if (limit > 0 && out.length / m.length >= limit) break;
      out.push(text.slice(last, m.index), ...m.slice(1).map((v) => v ?? null));
      last = m.index + m[0].length;
    }
    out.push(text.slice(last));
    return out;
  }
  __repr__(): string {
    return `re.compile('${this.pattern}')`;
  }
  toString(): string {
    return this.__repr__();
  }
}

type Method = 'match' | 'search' | 'fullmatch' | 'findall' | 'split';
const byPattern = (name: Method, extra: string[]) =>
  pythonNative((...a: unknown[]) => {
    const [pattern, s, ...rest] = bindArgs(name, ['pattern', 'string', ...extra, 'flags'], a);
    const flags = rest[extra.length];
    const p = pattern instanceof PyPattern ? pattern : new PyPattern(String(pattern), num(flags ?? 0));
    return (p[name] as (...x: unknown[]) => unknown)(s, ...rest.slice(0, extra.length).filter((x) => x !== undefined));
  });

const substitute = (name: 'sub' | 'subn') =>
  pythonNative((...a: unknown[]) => {
    const [pattern, repl, s, count, flags] = bindArgs(name, ['pattern', 'repl', 'string', 'count', 'flags'], a);
    const p = pattern instanceof PyPattern ? pattern : new PyPattern(String(pattern), num(flags ?? 0));
    return p[name](repl, s, count ?? 0);
  });

export const RE_MODULE = {
  ...FLAGS,
  match: byPattern('match', []),
  search: byPattern('search', []),
  fullmatch: byPattern('fullmatch', []),
  findall: byPattern('findall', []),
  split: byPattern('split', ['maxsplit']),
  sub: substitute('sub'),
  subn: substitute('subn'),
  compile: pythonNative((...a: unknown[]) => {
    const [pattern, flags] = bindArgs('compile', ['pattern', 'flags'], a);
    return pattern instanceof PyPattern ? pattern : new PyPattern(String(pattern), num(flags ?? 0));
  }),
  escape: (s: unknown) => String(s).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, '\\$&'),
};
