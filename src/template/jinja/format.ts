import { pyRepr, pyStr } from './python-str.js';
import { PyFloat, isFloat, isMapping, isNumber, isTuple, num, pyRound, typeName } from './values.js';

/** Python's printf-style `'%s' % x` and str.format() with format specs (`{:>8}`, `{:.2f}`, `{:,}`). */

export class FormatError extends Error {
  override name = 'TypeError';
}

function pad(body: string, width: number, align: string, fill: string, signAware = false): string {
  if (body.length >= width) return body;
  const room = width - body.length;
  if (align === '<') return body + fill.repeat(room);
  if (align === '^') return fill.repeat(Math.floor(room / 2)) + body + fill.repeat(Math.ceil(room / 2));
  if (align === '=' || signAware) {
    const m = /^([-+ ]?(?:0[xob])?)(.*)$/i.exec(body)!;
    return m[1]! + fill.repeat(room) + m[2]!;
  }
  return fill.repeat(room) + body;
}

function groupThousands(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** Formats a number for the numeric conversion types shared by % and format(): d f e g x o %. */
function formatNumber(value: unknown, type: string, precision: number | undefined, alt: boolean, sep = ''): string {
  if (!isNumber(value)) throw new FormatError(`%${type} format: a real number is required, not ${typeName(value)}`);
  const n = num(value);
  const neg = n < 0 || Object.is(n, -0);
  const a = Math.abs(n);
  let body: string;
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
      body = groupThousands(String(Math.trunc(a)), sep);
      break;
    case 'f':
    case 'F': {
      const p = precision ?? 6;
      const [i, f] = pyRound(a, p).toFixed(p).split('.');
      body = groupThousands(i!, sep) + (f !== undefined ? `.${f}` : alt ? '.' : '');
      break;
    }
    case '%': {
      const [i, f] = (a * 100).toFixed(precision ?? 6).split('.');
      body = `${groupThousands(i!, sep)}${f !== undefined ? `.${f}` : ''}%`;
      break;
    }
    case 'e':
    case 'E': {
      const [m, e] = a.toExponential(precision ?? 6).split('e') as [string, string];
      const exp = `${e.startsWith('-') ? '-' : '+'}${e.replace(/^[-+]/, '').padStart(2, '0')}`;
      body = `${m}e${exp}`;
      if (type === 'E') body = body.toUpperCase();
      break;
    }
    case 'g':
    case 'G': {
      const p = precision === 0 ? 1 : (precision ?? 6);
      const exp = a === 0 ? 0 : Math.floor(Math.log10(a));
      if (exp < -4 || exp >= p) body = formatNumber(a, 'e', p - 1, alt);
      else body = a.toFixed(Math.max(0, p - 1 - exp));
      if (!alt) body = body.replace(/\.?0+(?=e|$)/, '');
      if (type === 'G') body = body.toUpperCase();
      break;
    }
    case 'x':
    case 'X':
    case 'o':
    case 'b': {
      const base = type === 'o' ? 8 : type === 'b' ? 2 : 16;
      body = Math.trunc(a).toString(base);
      if (alt) body = `0${type === 'X' ? 'x' : type}${body}`;
      if (type === 'X') body = body.toUpperCase();
      break;
    }
    default:
      throw new FormatError(`unsupported format character '${type}'`);
  }
  return (neg ? '-' : '') + body;
}

function signed(body: string, sign: string): string {
  if (body.startsWith('-')) return body;
  return sign === '+' ? `+${body}` : sign === ' ' ? ` ${body}` : body;
}

const PERCENT_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;

/** Python's `fmt % args`: args is one value, a tuple/list of values, or a dict for %(name)s. */
export function percentFormat(fmt: string, args: unknown): string {
  const values = isTuple(args) ? [...(args as unknown[])] : [args];
  const byName = isMapping(args) ? args : undefined;
  let next = 0;
  const take = (): unknown => {
    if (next >= values.length) throw new FormatError('not enough arguments for format string');
    return values[next++];
  };
  const out = fmt.replace(
    PERCENT_RE,
    (_m, name: string | undefined, flags: string, w?: string, p?: string, t?: string) => {
      if (t === '%') return '%';
      const width = w === '*' ? num(take()) : w ? Number(w) : 0;
      const precision = p === '*' ? num(take()) : p !== undefined ? Number(p) : undefined;
      const value = name !== undefined ? byName?.[name] : take();
      let body: string;
      if (t === 's' || t === 'r' || t === 'a') {
        body = t === 's' ? pyStr(value) : pyRepr(value);
        if (precision !== undefined) body = body.slice(0, precision);
      } else if (t === 'c') body = typeof value === 'string' ? value : String.fromCodePoint(num(value));
      else {
        const type = t === 'F' ? 'f' : t!;
        body = signed(
          formatNumber(value, type, precision, flags.includes('#')),
          flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '',
        );
      }
      const align = flags.includes('-') ? '<' : '>';
      const zero = flags.includes('0') && !flags.includes('-') && !'srac'.includes(t!);
      return pad(body, width, align, zero ? '0' : ' ', zero);
    },
  );
  if (!byName && next < values.length && !(values.length === 1 && isMapping(values[0])))
    throw new FormatError('not all arguments converted during string formatting');
  return out;
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

/** Python's format(value, spec), the mini-language of str.format fields. */
export function formatSpec(value: unknown, spec: string): string {
  const m = SPEC_RE.exec(spec);
  if (!m) throw new FormatError(`Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
  const [, fillCh, alignCh, sign = '-', alt, zero, w, sep, p, type] = m;
  const width = w ? Number(w) : 0;
  const precision = p !== undefined ? Number(p) : undefined;
  const numeric = isNumber(value) && typeof value !== 'boolean';
  let body: string;
  if (numeric && (type !== 's' || type === undefined)) {
    let t = type ?? (isFloat(value) ? (precision !== undefined ? 'g' : '') : 'd');
    if (t === 'n') t = 'g';
    if (t === '') body = pyStr(value instanceof PyFloat ? value : num(value));
    else body = formatNumber(value, t, precision, Boolean(alt), sep ?? '');
    if (t === '' && sep) body = body.replace(/^(-?)(\d+)/, (_x, s: string, d: string) => s + groupThousands(d, sep));
    body = signed(body, sign);
  } else {
    if (type !== undefined && type !== 's') {
      throw new FormatError(`Unknown format code '${type}' for object of type '${typeName(value)}'`);
    }
    body = pyStr(value);
    if (precision !== undefined) body = body.slice(0, precision);
  }
  const fill = fillCh ?? (zero && !alignCh ? '0' : ' ');
  const align = alignCh ?? (zero ? '=' : numeric ? '>' : '<');
  return pad(body, width, align, fill);
}

type Lookup = (obj: unknown, key: string) => unknown;

/** Python's str.format(): {} {0} {name} {0.attr} {0[key]}, !r / !s conversions, and format specs. */
export function strFormat(fmt: string, positional: unknown[], kwargs: Record<string, unknown>, lookup: Lookup): string {
  let auto = 0;
  return fmt.replace(
    /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::((?:[^{}]|\{[^{}]*\})*))?\}/g,
    (m, field?: string, conv?: string, spec?: string) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      const path = /^([^.[]*)(.*)$/.exec(field ?? '')!;
      const head = path[1]!;
      let value: unknown;
      if (head === '') value = positional[auto++];
      else if (/^\d+$/.test(head)) value = positional[Number(head)];
      else if (Object.prototype.hasOwnProperty.call(kwargs, head)) value = kwargs[head];
      else throw new FormatError(`KeyError: '${head}'`);
      for (const part of path[2]!.matchAll(/\.([^.[]+)|\[([^\]]+)\]/g)) {
        const key = part[1] ?? part[2]!;
        value = lookup(value, /^\d+$/.test(key) && part[2] !== undefined ? (Number(key) as unknown as string) : key);
      }
      if (conv === 'r' || conv === 'a') value = pyRepr(value);
      else if (conv === 's') value = pyStr(value);
      const fullSpec = (spec ?? '').replace(/\{([^{}]*)\}/g, (_x, f: string) =>
        pyStr(f === '' ? positional[auto++] : /^\d+$/.test(f) ? positional[Number(f)] : kwargs[f]),
      );
      return formatSpec(value, fullSpec);
    },
  );
}
