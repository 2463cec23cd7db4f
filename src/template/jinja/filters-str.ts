import { bindArgs } from './args.js';
import { FormatError, percentFormat } from './format.js';
import { splitArgs } from './args.js';
import { STR_METHODS } from './methods.js';
import { pyStr } from './python-str.js';
import { toJson } from './json.js';
import {
  PyFloat,
  Undefined,
  isFloat,
  isInt,
  isNumber,
  isString,
  num,
  makeNumber,
  pyRound,
  truthy,
  tuple,
  typeName,
} from './values.js';

/** Jinja's string and number filters. */

type Filter = (value: unknown, ...args: unknown[]) => unknown;

const s = (v: unknown) => pyStr(v);
const args = (name: string, names: string[], a: unknown[]) => bindArgs(name, names, a);

function indent(value: unknown, ...a: unknown[]): string {
  const [width = 4, first = false, blank = false] = args('indent', ['width', 'first', 'blank'], a);
  const pad = isString(width) ? String(width) : ' '.repeat(num(width));
  const text = `${s(value)}\n`;
  const lines = text.split(/\r\n|\r|\n/);
  lines.pop();
  let out: string;
  if (blank) out = lines.join(`\n${pad}`);
  else {
    out = lines.shift() ?? '';
    if (lines.length) out += `\n${lines.map((l) => (l ? pad + l : l)).join('\n')}`;
  }
  return first ? pad + out : out;
}

function truncate(value: unknown, ...a: unknown[]): string {
  const [length = 255, killwords = false, end = '...', leeway = 5] = args(
    'truncate',
    ['length', 'killwords', 'end', 'leeway'],
    a,
  );
  const text = s(value);
  const n = num(length);
  const e = String(end);
  if (text.length <= n + num(leeway ?? 5)) return text;
  if (killwords) return text.slice(0, n - e.length) + e;
  const cut = text.slice(0, n - e.length);
  const space = cut.lastIndexOf(' ');
  return (space < 0 ? cut : cut.slice(0, space)) + e;
}

/** Jinja's title: capitalizes after whitespace, hyphens and opening brackets only. */
function title(value: unknown): string {
  return s(value)
    .split(/([-\s([{<]+)/)
    .filter((p) => p !== '')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase())
    .join('');
}

function toInt(value: unknown, ...a: unknown[]): unknown {
  if (value instanceof Undefined) value.fail();
  const [dflt = 0, base = 10] = args('int', ['default', 'base'], a);
  if (isNumber(value)) return Math.trunc(num(value));
  if (isString(value)) {
    const t = String(value).trim().replace(/_/g, '');
    const b = num(base);
    const prefixed =
      b === 16 ? t.replace(/^0x/i, '') : b === 8 ? t.replace(/^0o/i, '') : b === 2 ? t.replace(/^0b/i, '') : t;
    const digits = b === 10 ? /^[-+]?\d+$/ : /^[-+]?[0-9a-z]+$/i;
    if (digits.test(prefixed)) {
      const n = parseInt(prefixed, b);
      if (!Number.isNaN(n)) return n;
    }
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Math.trunc(parseFloat(t));
  }
  return dflt;
}

function toFloat(value: unknown, ...a: unknown[]): unknown {
  if (value instanceof Undefined) value.fail();
  const [dflt = new PyFloat(0)] = args('float', ['default'], a);
  if (isNumber(value)) return makeNumber(num(value), true);
  if (isString(value)) {
    const t = String(value).trim().toLowerCase();
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return makeNumber(parseFloat(t), true);
    if (/^[-+]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/.test(t)) return NaN;
  }
  return dflt;
}

/** Jinja's round filter: always a float; 'common' is Python's round, 'ceil' and 'floor' as named. */
function round(value: unknown, ...a: unknown[]): unknown {
  const [precision = 0, method = 'common'] = args('round', ['precision', 'method'], a);
  if (!isNumber(value)) throw new TypeError(`type ${typeName(value)} doesn't define __round__ method`);
  const n = num(value);
  const p = num(precision);
  const f = 10 ** p;
  let r: number;
  if (method === 'ceil') r = Math.ceil(n * f) / f;
  else if (method === 'floor') r = Math.floor(n * f) / f;
  else if (method === 'common') {
    if (isInt(value)) return p >= 0 ? value : pyRound(n, p);
    r = pyRound(n, p);
  } else throw new FormatError('method must be common, ceil or floor');
  return makeNumber(r, true);
}

function center(value: unknown, ...a: unknown[]): string {
  const [width = 80] = args('center', ['width'], a);
  return STR_METHODS.center!(s(value) as never, width) as string;
}

function format(value: unknown, ...a: unknown[]): string {
  const { positional, kwargs } = splitArgs(a);
  if (positional.length && Object.keys(kwargs).length)
    throw new FormatError("can't handle positional and keyword arguments at the same time");
  return percentFormat(s(value), Object.keys(kwargs).length ? kwargs : tuple(positional));
}

function escape(value: unknown): string {
  return s(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

/** What Python's str.splitlines() splits on. */
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /\r\n|[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;

/** Python's textwrap.wrap of one line, as Jinja's wordwrap calls it (runs of whitespace become one space). */
function wrapLine(line: string, width: number, breakLong: boolean): string[] {
  const words = line.split(/[ \t\n\r\f\v]+/).filter((w) => w !== '');
  const lines: string[] = [];
  let cur = '';
  for (let word of words) {
    if (cur && cur.length + 1 + word.length <= width) {
      cur += ' ' + word;
      continue;
    }
    if (cur) lines.push(cur);
    while (breakLong && word.length > width) {
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    cur = word;
  }
  if (cur) lines.push(cur);
  return lines;
}

function wordwrap(v: unknown, ...a: unknown[]): string {
  const [width = 79, breakLong = true, wrapstring = '\n'] = args(
    'wordwrap',
    ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'],
    a,
  );
  const sep = s(wrapstring);
  const n = num(width);
  const lines = s(v).split(LINE_BREAKS);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => wrapLine(line, n, truthy(breakLong)).join(sep)).join(sep);
}

export const STRING_FILTERS: Record<string, Filter> = {
  lower: (v) => s(v).toLowerCase(),
  upper: (v) => s(v).toUpperCase(),
  title,
  capitalize: (v) => STR_METHODS.capitalize!(s(v) as never),
  trim: (v, ...a) => STR_METHODS.strip!(s(v) as never, ...args('trim', ['chars'], a)),
  replace: (v, ...a) => {
    const [old, repl, count] = args('replace', ['old', 'new', 'count'], a);
    return STR_METHODS.replace!(s(v) as never, s(old), s(repl), count);
  },
  indent,
  truncate,
  center,
  wordcount: (v) => (s(v).match(/\w+/gu) ?? []).length,
  string: (v) => s(v),
  format,
  escape,
  e: escape,
  forceescape: escape,
  safe: (v) => v,
  int: toInt,
  float: toFloat,
  round,
  abs: (v) => {
    if (v instanceof Undefined) v.fail();
    return makeNumber(Math.abs(num(v)), isFloat(v));
  },
  tojson: (v, ...a) => toJson(v, ...args('tojson', ['indent'], a)),
  // dbt's text-mode markers return their input: only YAML values (renderNative) read the printed text back.
  as_bool: (v) => v,
  as_number: (v) => v,
  as_text: (v) => v,
  as_native: (v) => v,
  wordwrap,
};
