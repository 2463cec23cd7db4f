/**
 * Python's strftime / strptime directives for dbt's `modules.datetime` (C locale): %Y %y %m %d %H %I %M %S %f
 * %p %j %a %A %b %B %w %u %z %Z %%. An unknown directive is printed as it stands, as glibc does.
 */

export interface TimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

interface Datelike {
  year: number;
  month: number;
  day: number;
  weekday(): number;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function dayOfYear(d: Datelike): number {
  return (
    Math.round((Date.UTC(2001, d.month - 1, d.day) - Date.UTC(2001, 0, 1)) / 86_400_000) +
    1 +
    (d.month > 2 && ((d.year % 4 === 0 && d.year % 100 !== 0) || d.year % 400 === 0) ? 1 : 0)
  );
}

export function strftime(d: Datelike & Partial<TimeFields>, format: string): string {
  const h = d.hour ?? 0;
  const fields: Record<string, () => string> = {
    Y: () => String(d.year),
    y: () => pad(d.year % 100),
    m: () => pad(d.month),
    d: () => pad(d.day),
    H: () => pad(h),
    I: () => pad(h % 12 === 0 ? 12 : h % 12),
    p: () => (h < 12 ? 'AM' : 'PM'),
    M: () => pad(d.minute ?? 0),
    S: () => pad(d.second ?? 0),
    f: () => pad(d.microsecond ?? 0, 6),
    j: () => pad(dayOfYear(d), 3),
    a: () => DAYS[d.weekday()]!.slice(0, 3),
    A: () => DAYS[d.weekday()]!,
    b: () => MONTHS[d.month - 1]!.slice(0, 3),
    B: () => MONTHS[d.month - 1]!,
    w: () => String((d.weekday() + 1) % 7),
    u: () => String(d.weekday() + 1),
    z: () => '',
    Z: () => '',
    '%': () => '%',
  };
  return format.replace(/%([a-zA-Z%])/g, (m, c: string) => fields[c]?.() ?? m);
}

const PATTERNS: Record<string, string> = {
  Y: '(\\d{4})',
  y: '(\\d{2})',
  m: '(\\d{1,2})',
  d: '(\\d{1,2})',
  H: '(\\d{1,2})',
  I: '(\\d{1,2})',
  M: '(\\d{1,2})',
  S: '(\\d{1,2})',
  f: '(\\d{1,6})',
  j: '(\\d{1,3})',
  p: '(AM|PM)',
  a: '([A-Za-z]{3})',
  A: '([A-Za-z]+)',
  b: '([A-Za-z]{3})',
  B: '([A-Za-z]+)',
};

/** Reads `text` with a strptime format; fails as Python does when it does not match. */
export function parseTime(text: string, format: string): TimeFields {
  const order: string[] = [];
  let re = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%' && i + 1 < format.length) {
      const k = format[++i]!;
      if (k === '%') re += '%';
      else if (PATTERNS[k]) {
        re += PATTERNS[k];
        order.push(k);
      } else throw new Error(`ValueError: '${k}' is a bad directive in format '%${k}'`);
    } else if (/\s/.test(c)) re += '\\s+';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`, 'i').exec(text);
  if (!m) throw new Error(`ValueError: time data '${text}' does not match format '${format}'`);
  const f: TimeFields = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 };
  let pm = false;
  order.forEach((k, i) => {
    const v = m[i + 1]!;
    const n = Number(v);
    if (k === 'Y') f.year = n;
    else if (k === 'y') f.year = n < 69 ? 2000 + n : 1900 + n;
    else if (k === 'm') f.month = n;
    else if (k === 'd') f.day = n;
    else if (k === 'H' || k === 'I') f.hour = n;
    else if (k === 'M') f.minute = n;
    else if (k === 'S') f.second = n;
    else if (k === 'f') f.microsecond = Number(v.padEnd(6, '0'));
    else if (k === 'p') pm = v.toUpperCase() === 'PM';
    else if (k === 'b' || k === 'B') {
      const idx = MONTHS.findIndex((name) => (k === 'b' ? name.slice(0, 3) : name).toLowerCase() === v.toLowerCase());
      if (idx < 0) throw new Error(`ValueError: time data '${text}' does not match format '${format}'`);
      f.month = idx + 1;
    }
  });
  if (order.includes('I')) f.hour = (f.hour % 12) + (pm ? 12 : 0);
  return f;
}
