import { bindArgs } from './args.js';
import { iterate } from './methods.js';
import { pyRepr, pyStr } from './python-str.js';
import { isMapping, isTuple, num, pythonNative, truthy } from './values.js';

/** The rest of Jinja's built-in filters that templates may use, and Jinja's cycler() / joiner() globals. */

type Filter = (value: unknown, ...args: unknown[]) => unknown;

function filesizeformat(value: unknown, ...a: unknown[]): string {
  const [binary = false] = bindArgs('filesizeformat', ['binary'], a);
  const bytes = num(value);
  const base = truthy(binary) ? 1024 : 1000;
  const prefixes = truthy(binary)
    ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
    : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${bytes} Bytes`;
  for (let i = 0; i < prefixes.length; i++) {
    const unit = base ** (i + 2);
    if (bytes < unit || i === prefixes.length - 1) return `${((base * bytes) / unit).toFixed(1)} ${prefixes[i]}`;
  }
  return `${bytes} Bytes`;
}

/** Python's urllib quote: letters, digits, `_.-~` and (for a string) `/` stay as they are. */
function quote(s: string, safe: string): string {
  return [...new TextEncoder().encode(s)]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9_.~-]/.test(c) || safe.includes(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function urlencode(value: unknown): string {
  if (typeof value === 'string') return quote(value, '/');
  const pairs = isMapping(value) ? Object.entries(value) : iterate(value).map((p) => iterate(p) as [unknown, unknown]);
  const enc = (v: unknown) => quote(pyStr(v), '').replace(/%20/g, '+');
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

function striptags(value: unknown): string {
  const text = pyStr(value)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .split(/\s+/)
    .filter((w) => w !== '')
    .join(' ');
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export const EXTRA_FILTERS: Record<string, Filter> = {
  filesizeformat,
  urlencode,
  striptags,
  pprint: (v) => pyRepr(v),
  random: (v) => {
    const items = iterate(v);
    if (items.length === 0) throw new Error('IndexError: Cannot choose from an empty sequence');
    return items[Math.floor(Math.random() * items.length)];
  },
  /** dbt's filter: a list (not a tuple, a string or a mapping). */
  is_list: (v) => Array.isArray(v) && !isTuple(v),
};

class Cycler {
  private pos = 0;
  constructor(private readonly items: unknown[]) {
    if (items.length === 0) throw new Error('at least one item has to be provided');
  }
  get current(): unknown {
    return this.items[this.pos];
  }
  next(): unknown {
    const v = this.items[this.pos];
    this.pos = (this.pos + 1) % this.items.length;
    return v;
  }
  reset(): null {
    this.pos = 0;
    return null;
  }
}

export const EXTRA_GLOBALS: Record<string, unknown> = {
  cycler: pythonNative((...items: unknown[]) => new Cycler(items)),
  joiner: pythonNative((...a: unknown[]) => {
    const [sep = ', '] = bindArgs('joiner', ['sep'], a);
    let used = false;
    return () => {
      if (used) return sep;
      used = true;
      return '';
    };
  }),
};
